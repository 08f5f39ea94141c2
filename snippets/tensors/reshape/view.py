"""view() and reshape(): the same result here, and a view shares memory with its source."""
# %% source
import torch

a = torch.arange(4)
a
# %% view
a.view(2, 2)
# %% reshape
a.reshape(2, 2)
# %% shared_memory
def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


viewed = a.view(2, 2)
reshaped = a.reshape(2, 2)
print(same_storage(viewed, a), same_storage(reshaped, a))
viewed[0, 0] = 10  # write through the view...
print(a)  # ...and a changes
a[0] = 0  # put a back
# %% reshape_may_copy
t = torch.arange(6).reshape(2, 3).t()  # a transposed tensor: not contiguous
flat = t.reshape(6)  # a view is impossible here, so reshape copies
print(flat)
print(same_storage(flat, t))
flat[0] = 100
t  # unchanged: flat is a copy
