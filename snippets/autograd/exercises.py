"""Exercises of the autograd page: the code they show, and their solutions."""
# %% path_gradient_setup
import torch


def double_until_large(x):
    y = x * 2
    while y.norm() < 10:  # the number of doublings depends on the data
        y = y * 2
    return y.sum()


small = torch.tensor([0.1, 0.2], requires_grad=True)
large = torch.tensor([3.0, 4.0], requires_grad=True)
# %% path_gradient_solution
double_until_large(small).backward()
double_until_large(large).backward()
# small: norm 0.22, doubled 6 times before the norm passes 10: the result is sum(64 x)
# large: norm 5, doubled once (10 is not < 10): the result is sum(2 x)
print(small.grad)
print(large.grad)
# %% no_grad_constant_setup
a = torch.ones(2, requires_grad=True)
with torch.no_grad():
    b = a * 2
c = (b * a).sum()
# %% no_grad_constant_solution
print(b.requires_grad, b.is_leaf)  # made under no_grad: untracked, a leaf, a constant for autograd
c.backward()
a.grad  # d/da sum(b * a) with b constant = b = 2, not the 4 a of sum(2 a * a)
# %% manual_sgd_setup
# Gradient descent by hand on loss = (w x - y)^2, whose minimum is at w = y / x = 3.
x, y = torch.tensor(2.0), torch.tensor(6.0)
w = torch.tensor(0.0, requires_grad=True)
try:
    for step in range(20):
        loss = (w * x - y) ** 2
        loss.backward()
        w -= 0.05 * w.grad
except RuntimeError as error:
    print(f"RuntimeError: {error}")
# %% manual_sgd_solution
w = torch.tensor(0.0, requires_grad=True)
for step in range(20):
    loss = (w * x - y) ** 2
    loss.backward()
    with torch.no_grad():  # the update is not part of the model: do not record it
        w -= 0.05 * w.grad  # in place: w stays the same leaf tensor
    w.grad = None  # forget this step's gradient, or the next backward() adds to it
print(w)
print(w.is_leaf, step + 1)
