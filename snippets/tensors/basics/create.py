"""Creating tensors: by shape, from Python and NumPy data, filled, random, ranges, *_like."""
# %% by_shape
import numpy as np
import torch

# Deterministic mode makes PyTorch fill uninitialised memory with NaN, so the
# output below is the same on every run instead of whatever the memory held.
torch.use_deterministic_algorithms(True)
print(torch.Tensor(2, 2))
print(torch.DoubleTensor(2, 2))
print(torch.empty(2, 2))  # the modern way to ask for uninitialised memory
torch.use_deterministic_algorithms(False)
# %% from_sequence
torch.FloatTensor([[1, 2, 3], [4, 5, 6]])
# %% tensor_class
torch.Tensor([[1, 2, 3], [4, 5, 6]])
# %% tensor_class_numpy
ints = np.array([[1, 2, 3], [4, 5, 6]])
torch.Tensor(ints)  # data becomes the default dtype, float32
# %% tensor_class_from_tensor
src = torch.tensor([1, 2])  # int64
alias = torch.Tensor(src)  # a tensor: no conversion, no copy
src[0] = 10  # a write into src...
alias, alias.dtype  # ...shows in alias
# %% torch_tensor
torch.tensor([[1.0, -1.0], [1.0, -1.0]])
# %% torch_tensor_numpy
torch.tensor(ints)  # torch.tensor keeps the array's dtype (int64 here)
# %% copy_or_share
array = np.zeros(3)
copied = torch.tensor(array)  # copies
shared = torch.as_tensor(array)  # shares memory with the array
array[0] = 7.0
copied, shared
# %% tensor_class_copies_or_shares
floats = np.zeros(3, dtype=np.float32)  # already the default dtype
doubles = np.zeros(3)  # float64
from_floats = torch.Tensor(floats)  # no conversion: shares memory
from_doubles = torch.Tensor(doubles)  # converted: a copy
floats[0] = doubles[0] = 7.0
from_floats, from_doubles
# %% fill
torch.zeros(5, 3, dtype=torch.long)
# %% ones
torch.ones(2, 2)
# %% eye
torch.eye(2, 2)  # identity (diagonal) matrix
# %% randn
torch.manual_seed(0)
torch.randn(2, 2)
# %% randperm
torch.randperm(10)  # a random permutation of 0..9
# %% ranges
torch.arange(1, 6, 2), torch.linspace(1, 6, 2)
# %% like_source
x = torch.ones(5, 3, dtype=torch.double)
x
# %% randn_like
x = torch.randn_like(x, dtype=torch.float)  # same shape as x, new dtype
x
# %% ones_like
torch.ones_like(x)
# %% zeros_like
torch.zeros_like(x)
