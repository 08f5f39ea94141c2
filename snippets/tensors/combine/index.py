"""Indexing: boolean masks and integer-array ("fancy") indexing copy; basic slicing makes views."""
# %% boolean_mask
import torch

torch.manual_seed(0)
a = torch.randn(2, 2)
a
# %% mask
a > 0
# %% select_by_mask
a[~(a > 0)]  # the elements that are not positive, as a 1-D tensor
# %% rows_tensor
# The notes' x: row i holds the value i. Build it from a column 0..7 repeated 4 times.
x = torch.arange(8).reshape(8, 1).repeat(1, 4)
x
# %% fancy_rows
x[[4, 3, 0, 6]]  # rows 4, 3, 0 and 6, in that order
# %% fancy_rows_all_columns
x[[0, 3, 1, 2], :]
# %% fancy_pairs
x[[0, 1, 2, 3], [0, 1, 2, 3]]  # the elements (0, 0), (1, 1), (2, 2), (3, 3)
# %% copy_or_view
def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


t = torch.arange(8).reshape(8, 1).repeat(1, 4)
sliced = t[1:3]  # basic slicing
masked = t[t > 4]  # boolean mask
fancy = t[[4, 3, 0, 6]]  # integer arrays
print("slice shares:", same_storage(sliced, t))
print("mask shares: ", same_storage(masked, t))
print("fancy shares:", same_storage(fancy, t))
sliced[0, 0] = -1
masked[0] = -1
fancy[0, 0] = -1
t[:5, 0]  # only the write through the slice reached t: row 1 now starts with -1
# %% assign_through_mask
t[t > 4] = 0  # indexing on the LEFT of = writes into t itself
t
