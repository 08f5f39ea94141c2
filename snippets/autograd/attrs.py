"""requires_grad, grad_fn and grad: the notes' example, then its gradient."""
# %% leaf
import torch

torch.manual_seed(0)
x = torch.randn(2, 2, requires_grad=True)
x
# %% add
y = x + 2
y
# %% requires_grad
y.requires_grad  # y depends on x, which requires grad
# %% mul_mean
z = 3 * y**2
out = z.mean()
print(z)
print(out)
# %% grad_fn_names
# A grad_fn prints with its memory address; its name() is stable.
print("x:", x.grad_fn)  # None: x was created by the user, not by an operation
print("y:", y.grad_fn.name())
print("z:", z.grad_fn.name())
print("out:", out.grad_fn.name())
# %% next_functions
# Each node links to the nodes of its inputs: walking them retraces the computation.
node = out.grad_fn
while node is not None:
    print(node.name())
    parents = [fn for fn, _ in node.next_functions if fn is not None]
    node = parents[0] if parents else None
# %% is_leaf
x.is_leaf, y.is_leaf, z.is_leaf, out.is_leaf
# %% backward
out.backward()
x.grad
# %% by_hand
# out = mean(3 (x + 2)^2) over 4 elements, so d out / dx = 6 (x + 2) / 4 = 1.5 (x + 2)
expected = 1.5 * (x.detach() + 2)
expected, torch.allclose(x.grad, expected)
