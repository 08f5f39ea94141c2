"""Stopping gradient tracking: requires_grad_(), detach(), detach_() and torch.no_grad()."""
# %% requires_grad_
import torch

torch.manual_seed(0)
a = torch.randn(2, 2)
a.requires_grad
# %% switch_on
a.requires_grad_()  # the trailing underscore: changes a in place
# %% detach_in_place
a.detach_()
# %% switched_off
a.requires_grad
# %% requires_grad_call
# The notes write .requires_grad(): requires_grad is an attribute (a bool), not a method.
try:
    a.requires_grad()
except TypeError as error:
    print(f"TypeError: {error}")
# %% detach_copy
w = torch.ones(2, requires_grad=True)
v = w * 3
v_detached = v.detach()  # a new tensor outside the graph, sharing v's storage
print(v_detached, v_detached.requires_grad, v.requires_grad)
print(v_detached.data_ptr() == v.data_ptr())
v_detached[0] = 0  # an in-place change to the detached tensor ...
print(v)  # ... shows in v: they share one storage
# %% no_grad
b = torch.tensor([1.0], requires_grad=True)
with torch.no_grad():
    print((b**2).requires_grad)
print((b**2).requires_grad)  # tracking is back on after the block
