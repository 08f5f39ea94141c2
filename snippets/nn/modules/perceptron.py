"""The notes' hand-made fully connected layer and two-layer perceptron, and how to inspect them."""
# %% linear_class
import torch
import torch.nn as nn


class Linear(nn.Module):
    """A fully connected layer made by hand: ``y = x @ w + b``.

    >>> _ = torch.manual_seed(0)
    >>> layer = Linear(4, 3)
    >>> layer(torch.ones(2, 4)).shape
    torch.Size([2, 3])
    >>> [(name, tuple(p.shape)) for name, p in layer.named_parameters()]
    [('w', (4, 3)), ('b', (3,))]
    >>> x = torch.ones(1, 4)
    >>> torch.allclose(layer(x), x @ layer.w + layer.b)
    True
    """

    def __init__(self, in_dim, out_dim):
        super(Linear, self).__init__()
        self.w = nn.Parameter(torch.randn(in_dim, out_dim))
        self.b = nn.Parameter(torch.randn(out_dim))

    def forward(self, x):
        x = x.matmul(self.w)
        y = x + self.b
        return y
# %% perception_class
class Perception(nn.Module):
    """A two-layer perceptron: Linear, sigmoid, Linear, sigmoid.

    >>> _ = torch.manual_seed(0)
    >>> net = Perception(2, 3, 2)
    >>> out = net(torch.ones(4, 2))
    >>> out.shape
    torch.Size([4, 2])
    >>> bool(((out > 0) & (out < 1)).all())  # sigmoid squashes into (0, 1)
    True
    >>> sum(p.numel() for p in net.parameters())  # 2*3 + 3 + 3*2 + 2
    17
    """

    def __init__(self, in_dim, hid_dim, out_dim):
        super(Perception, self).__init__()
        self.layer1 = Linear(in_dim, hid_dim)
        self.layer2 = Linear(hid_dim, out_dim)

    def forward(self, x):
        x = self.layer1(x)  # calling a module runs its forward (through __call__)
        y = torch.sigmoid(x)
        y = self.layer2(y)
        y = torch.sigmoid(y)
        return y
# %% run
torch.manual_seed(0)
perception = Perception(2, 3, 2)
data = torch.randn(4, 2)
output = perception(data)
output
# %% print_net
print(perception)
# %% named_parameters
for name, parameter in perception.named_parameters():
    print(f"{name:10} {tuple(parameter.shape)}")
# %% parameters
n_parameters = sum(p.numel() for p in perception.parameters())
n_parameters
