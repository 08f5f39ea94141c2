"""Tensor.backward(): leaves, accumulation into .grad, retain_graph, the gradient argument."""
# %% leaves
import torch

torch.manual_seed(0)
x = torch.randn(1)
w = torch.ones(1, requires_grad=True)
b = torch.ones(1, requires_grad=True)
print(x)
x.is_leaf, w.is_leaf, b.is_leaf
# %% backward
y = w * x
z = y + b
z.backward(retain_graph=True)
print(w.grad)  # dz/dw = x
print(b.grad)  # dz/db = 1
# %% non_leaf
y.is_leaf, z.is_leaf  # results of operations are not leaves: .grad is kept for leaves only
# %% accumulate
z.backward()  # a second pass through the retained graph: the new gradient is ADDED
print(w.grad)  # 2 x
print(b.grad)  # 2
# %% retain_graph_error
# The second pass above did not retain the graph, so a third one fails.
try:
    z.backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")
# %% zero_grad
w.grad = None  # forget accumulated gradients before the next computation
b.grad = None
z = w * x + b  # a new forward pass builds a new graph
z.backward()
w.grad, b.grad
# %% non_scalar_error
s = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
q = s**2  # three outputs: backward needs to know how to weight them
try:
    q.backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")
# %% gradient_argument
q.backward(gradient=torch.ones_like(q))  # same as q.sum().backward(): d/ds = 2 s
print(s.grad)
s.grad = None
weights = torch.tensor([1.0, 0.1, 0.01])
q = s**2
q.backward(gradient=weights)  # a vector-Jacobian product: weights * 2 s
print(s.grad)
# %% scalar_default
s.grad = None
(s**2).sum().backward(torch.tensor(1.0))  # for a scalar, backward() means backward(tensor(1.))
s.grad
# %% grad_variables
# The notes name the argument grad_variabels; the method's argument is called gradient.
try:
    (s**2).backward(grad_variables=torch.ones(3))
except TypeError as error:
    print(f"TypeError: {error}")
# %% autograd_backward
import warnings

# The function torch.autograd.backward still accepts grad_variables, with a warning.
s.grad = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.autograd.backward(s**2, grad_variables=torch.ones(3))
print(s.grad)
print(f"{caught[0].category.__name__}: {caught[0].message}")
s.grad = None
torch.autograd.backward(s**2, grad_tensors=torch.ones(3))  # the current name
s.grad
