"""The notes' hand-made fully connected layer and two-layer perceptron, and how to inspect them."""
# %% linear_class
import torch
import torch.nn as nn


class Linear(nn.Module):
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
