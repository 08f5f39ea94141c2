"""NumPy interop: torch.as_tensor / torch.from_numpy and Tensor.numpy() share memory."""
# %% as_tensor
import numpy as np
import torch

np.random.seed(0)
b = np.random.randn(2, 2)
a = torch.as_tensor(b)  # or torch.from_numpy(b)
print(a)
b
# %% write_through
b[0, 0] = 1
a
# %% from_numpy
f = torch.from_numpy(b)
f[1, 1] = 0.0  # a write through the tensor...
b  # ...shows in the array
# %% to_numpy
t = torch.ones(2)
n = t.numpy()  # shares memory with t
t.add_(1)
n
# %% as_tensor_may_copy
# as_tensor shares only when no conversion is needed; a new dtype means a copy.
a32 = torch.as_tensor(b, dtype=torch.float32)
print(np.shares_memory(a.numpy(), b), np.shares_memory(a32.numpy(), b))
b[0, 0] = 5
print(a[0, 0].item(), a32[0, 0].item())
