"""transpose() swaps two dimensions, permute() reorders all of them (like numpy's transpose)."""
# %% source
import torch

torch.manual_seed(0)
a = torch.randn(2, 2, 2)
a
# %% transpose
a.transpose(0, 1)
# %% permute
a.permute(2, 1, 0)
# %% like_numpy
import numpy as np

print(np.array_equal(a.permute(2, 1, 0).numpy(), a.numpy().transpose(2, 1, 0)))
print(a.transpose(0, 1).is_contiguous(), a.permute(2, 1, 0).is_contiguous())
