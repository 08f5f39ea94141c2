"""resize_(): grows into uninitialised memory, shrinks while keeping the hidden elements."""
# %% source
import torch

a = torch.arange(4).reshape(2, 2)
print(a)
print(a.untyped_storage().nbytes(), "bytes of storage")  # 4 int64 elements
# %% grow
# Growing allocates new, uninitialised memory. Deterministic mode fills it with
# the largest int64 (NaN for floats) instead of leftover bytes, so the output is
# the same on every run.
torch.use_deterministic_algorithms(True)
a.resize_(8)
torch.use_deterministic_algorithms(False)
print(a)
print(a.untyped_storage().nbytes(), "bytes of storage")
# %% shrink
a.resize_(2)
print(a)
print(a.untyped_storage().nbytes(), "bytes of storage")  # the storage keeps its size
# %% regrow
a.resize_(4)  # within the storage: the hidden elements come back
