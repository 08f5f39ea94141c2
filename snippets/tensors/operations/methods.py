"""Tensor methods: item, clamp, abs, sqrt, log, pow, sin, cos, matmul (and dot)."""
# %% item
import torch

x = torch.tensor(2.5)
print(x)
x.item()  # a Python float
# %% clamp
a = torch.arange(4).reshape(2, 2)
print(a)
a.clamp(1, 2)  # below 1 becomes 1, above 2 becomes 2
# %% abs
v = torch.tensor([-4.0, -1.0, 1.0, 9.0])
v.abs()
# %% sqrt
print(v.abs().sqrt())
v.sqrt()  # no real square root of a negative number: nan
# %% log
torch.tensor([1.0, torch.e, 0.0]).log()  # natural logarithm; log(0) is -inf
# %% pow
print(v.pow(2))
v ** 2  # the same
# %% sin_cos
angles = torch.tensor([0.0, torch.pi / 6, torch.pi / 2])
print(angles.sin())
print(angles.cos())
angles.sin() ** 2 + angles.cos() ** 2
# %% matmul
A = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # shape (2, 3)
B = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # shape (3, 2)
print(A.matmul(B))  # matrix product: shape (2, 2)
A @ B  # the same, as an operator
# %% dot
u = torch.tensor([1.0, 2.0, 3.0])
w = torch.tensor([4.0, 5.0, 6.0])
print(torch.dot(u, w))  # dot product of two 1-D tensors: 1*4 + 2*5 + 3*6
print(u.matmul(w))  # matmul of two 1-D tensors is that dot product too
try:
    torch.dot(A, B)  # dot takes 1-D tensors only
except RuntimeError as error:
    print("RuntimeError:", error)
# %% elementwise_product
A * A  # * multiplies element by element: not a matrix product
