"""nn.Module: define the layers in __init__, the computation in forward, call the module."""
# %% subclass
import torch
import torch.nn as nn


class Scale(nn.Module):
    """Multiply the input by a learnable factor."""

    def __init__(self):
        super().__init__()
        self.factor = nn.Parameter(torch.tensor(2.0))

    def forward(self, x):
        return x * self.factor


scale = Scale()
x = torch.tensor([1.0, 2.0, 3.0])
scale(x)  # calling the module runs forward
# %% hooks
calls = []
handle = scale.register_forward_hook(lambda module, inputs, output: calls.append("hook ran"))
scale(x)  # through __call__: the hook runs
scale.forward(x)  # forward directly: the hook is skipped
handle.remove()
calls
# %% backward_free
out = scale(x).sum()
out.backward()  # backward comes from autograd: the module defines no backward method
scale.factor.grad  # d/d factor of sum(x * factor) = sum(x) = 6
