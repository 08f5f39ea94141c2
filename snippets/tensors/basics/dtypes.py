"""Tensor types: dtypes, the old-style type names, and setting the default."""
# %% legacy_names
import torch

x = torch.zeros(2)
x.dtype, x.device, x.type()  # float32 on the CPU; the old-style name: torch.FloatTensor
# %% dtype_table
# The old-style CPU type names and the dtypes they stand for.
for dtype in (torch.float32, torch.float64, torch.float16, torch.bfloat16,
              torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool):
    print(f"{str(dtype):16} {torch.empty(0, dtype=dtype).type()}")
# %% set_default_dtype
torch.set_default_dtype(torch.float64)  # the modern replacement of set_default_tensor_type
print(torch.tensor([1.5]).dtype, torch.zeros(1).dtype)
torch.set_default_dtype(torch.float32)  # restore the default afterwards
print(torch.tensor([1.5]).dtype)
# %% set_default_tensor_type
# The notes' call. It still works, and warns (once per process) that it is deprecated.
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.set_default_tensor_type("torch.DoubleTensor")
print(torch.zeros(1).dtype)
torch.set_default_tensor_type("torch.FloatTensor")
for warning in caught:  # without torch's "(Triggered internally at <its build folder>)"
    message = str(warning.message).split(" (Triggered internally at")[0]
    print(f"{warning.category.__name__}: {message}")
