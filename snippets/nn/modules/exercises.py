"""Exercises of the page on building networks with torch.nn: the code they show, and their solutions."""
# %% weight_shape_setup
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(3, 5)
x = torch.randn(4, 3)  # a batch of 4 samples with 3 features each
# %% weight_shape_solution
print(layer.weight.shape, layer.bias.shape)  # (out_features, in_features): the transpose of the notes' w
by_hand = x @ layer.weight.T + layer.bias
print(by_hand.shape)
torch.allclose(layer(x), by_hand)
# %% register_layers_setup
from torch import optim


class Stack(nn.Module):
    """Fully connected layers of the given sizes, with a ReLU between two layers."""

    def __init__(self, sizes):
        super().__init__()
        self.layers = [nn.Linear(n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.relu(layer(x))
        return self.layers[-1](x)


torch.manual_seed(0)
stack = Stack([4, 8, 8, 3])
print(stack(torch.ones(2, 4)).shape)  # the forward pass works ...
try:
    optimizer = optim.SGD(stack.parameters(), lr=0.1)  # ... but there is nothing to train
except ValueError as error:
    print(f"ValueError: {error}")
# %% register_layers_solution
class Stack(nn.Module):
    """Fully connected layers of the given sizes, with a ReLU between two layers."""

    def __init__(self, sizes):
        super().__init__()
        # nn.ModuleList registers each layer, as assigning a module to an attribute does;
        # a plain Python list hides them from the module
        self.layers = nn.ModuleList(nn.Linear(n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:]))

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.relu(layer(x))
        return self.layers[-1](x)


torch.manual_seed(0)
stack = Stack([4, 8, 8, 3])
optimizer = optim.SGD(stack.parameters(), lr=0.1)
print(stack)
sum(p.numel() for p in stack.parameters())  # (4*8 + 8) + (8*8 + 8) + (8*3 + 3)
# %% extra_repr_solution
class Linear(nn.Module):
    """The notes' fully connected layer, printing its sizes."""

    def __init__(self, in_dim, out_dim):
        super(Linear, self).__init__()
        self.w = nn.Parameter(torch.randn(in_dim, out_dim))
        self.b = nn.Parameter(torch.randn(out_dim))

    def forward(self, x):
        x = x.matmul(self.w)
        y = x + self.b
        return y

    def extra_repr(self):
        # what print() puts between the brackets; the sizes come from the parameter w
        in_dim, out_dim = self.w.shape
        return f"in_dim={in_dim}, out_dim={out_dim}"


torch.manual_seed(0)
net = nn.Sequential(Linear(2, 3), nn.Sigmoid(), Linear(3, 2), nn.Sigmoid())
print(net)
