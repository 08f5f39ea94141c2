"""expand() and expand_as(): repeat size-1 dimensions, as a view that copies nothing."""
# %% source
import torch

torch.manual_seed(0)
a = torch.randn(2, 2, 1)
a
# %% expand
a.expand(2, 2, 3)
# %% expand_as
b = torch.randn(2, 2, 3)
a.expand_as(b)
# %% no_copy
def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


e = a.expand(2, 2, 3)
print(e.stride())  # stride 0 in the last dimension: one element seen 3 times
print(same_storage(e, a))
a[0, 0, 0] = 100.0
print(e[0, 0])  # all three "copies" changed: they are one element
# %% expand_inplace
try:
    e.add_(1)  # most in-place operations refuse to write into e
except RuntimeError as error:
    print("RuntimeError:", error)
e.fill_(5.0)  # fill_() writes one value everywhere: allowed...
print(a.flatten())  # ...and it goes through to a
e[0, 1, 2] = 7.0  # assigning one position: allowed, and it writes a[0, 1, 0]
print(a.flatten(), e[0, 1])  # the other two positions of that row show 7 too
e.zero_()  # zero_() is allowed as well
print(a.flatten())
# %% repeat_copies
r = a.repeat(1, 1, 3)  # repeat really copies
print(torch.equal(r, e), same_storage(r, a), r.stride())
# %% rows_tensor
# The indexing page's x, built with expand (a view) and with repeat (a copy).
rows = torch.arange(8).unsqueeze(1)  # shape (8, 1)
x_view = rows.expand(8, 4)
x_copy = rows.repeat(1, 4)
print(torch.equal(x_view, x_copy))
print(x_view.stride(), x_copy.stride())
