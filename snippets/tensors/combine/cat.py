"""Concatenating with torch.cat and stacking with torch.stack; both copy into new memory."""
# %% source
import torch

a = torch.arange(1, 5).reshape(2, 2)
b = torch.arange(5, 9).reshape(2, 2)
print(a)
print(b)
# %% cat_dim0
torch.cat([a, b], 0)
# %% cat_dim1
torch.cat([a, b], 1)
# %% stack_dim0
# Stack along dim 0: the units stacked are a and b themselves.
stacked0 = torch.stack([a, b], 0)
print(stacked0)
stacked0.shape
# %% stack_dim1
# Stack along dim 1: the units stacked are the rows.
stacked1 = torch.stack([a, b], 1)
print(stacked1)
stacked1.shape
# %% stack_dim2
# Stack along dim 2: the units stacked are the single elements.
stacked2 = torch.stack([a, b], 2)
print(stacked2)
stacked2.shape
# %% other_dims_must_match
row = torch.tensor([[9, 9]])  # shape (1, 2): only dim 0 differs from a
print(torch.cat([a, row], 0).shape)
wide_row = torch.tensor([[9, 9, 9]])  # shape (1, 3): dim 1 differs too
try:
    torch.cat([a, wide_row], 0)
except RuntimeError as error:
    print("RuntimeError:", error)
# %% cat_copies
def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


joined = torch.cat([a, b], 0)
stacked = torch.stack([a, b], 0)
print("cat shares a's memory:  ", same_storage(joined, a))
print("stack shares a's memory:", same_storage(stacked, a))
joined[0, 0] = 100  # write into the results...
stacked[0, 0, 0] = 100
print(a)  # ...and a is unchanged
