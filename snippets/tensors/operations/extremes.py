"""max() and min(): along a dimension, over the whole tensor, and element-wise between two tensors."""
# %% source
import torch

torch.manual_seed(0)
a = torch.randn(3, 3)
a
# %% max_values
a.max(0)[0]  # the largest value of each column
# %% max_indices
a.max(0)[1]  # the row where each column's maximum is
# %% max_all
a.max()
# %% max_named
print(a.max(dim=0))  # a named tuple: values and indices
print(a.min(dim=0))
print(a.min())
# %% max_elementwise
floor = torch.tensor([0.0, 0.5, -1.0])  # shape (3,): broadcast against every row of a
m = torch.max(a, floor)  # element-wise maximum, shape (3, 3)
m
# %% maximum
print(torch.equal(torch.maximum(a, floor), m))  # the modern, unambiguous name
print(torch.equal(torch.minimum(a, floor), torch.min(a, floor)))
# %% int_is_a_dim
# A plain number as the second argument is a DIMENSION, not a value to compare with:
print(torch.max(a, 0).values)  # the column maxima, as a.max(0)
print(torch.maximum(a, torch.tensor(0.0)))  # element-wise against 0
