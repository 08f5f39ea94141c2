"""contiguous(): transpose/permute leave a tensor non-contiguous; what view() needs; reshape vs contiguous().view()."""
# %% non_contiguous
import torch

a = torch.arange(6).reshape(2, 3)
t = a.t()  # transpose: same memory, strides swapped
print(a.is_contiguous(), a.stride())
print(t.is_contiguous(), t.stride())
print(torch.zeros(2, 3, 4).permute(2, 0, 1).is_contiguous())
# %% view_fails
try:
    t.view(6)
except RuntimeError as error:
    print("RuntimeError:", error)
# %% contiguous_copies
def same_storage(x, y):
    """True when x and y are views of one block of memory."""
    return x.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


c = t.contiguous()  # copies into row-major order
print(c.is_contiguous(), c.stride(), same_storage(c, t))
print(c.view(6))
print(a.contiguous() is a)  # already contiguous: returns the tensor itself, no copy
# %% view_needs_compatible_strides
# view needs strides compatible with the new shape, not a contiguous tensor:
# adding a size-1 dimension to t works without copying.
v = t.view(3, 2, 1)
print(v.shape, same_storage(v, t))
# %% reshape_vs_contiguous_view
# The same values, but not the same memory:
r = t.reshape(3, 2, 1)  # a view when one is possible
cv = t.contiguous().view(3, 2, 1)  # always a copy when t is not contiguous
print(torch.equal(r, cv))
print("reshape shares:           ", same_storage(r, t))
print("contiguous().view() shares:", same_storage(cv, t))
