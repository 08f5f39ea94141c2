"""nn.Parameter: a tensor that a module registers as a learnable parameter."""
# %% parameter
import torch
import torch.nn as nn

weight = nn.Parameter(torch.zeros(2, 3))
weight
# %% parameter_facts
weight.requires_grad, isinstance(weight, torch.Tensor)
# %% registration
class Affine(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(3))  # registered: the optimizer will update it
        self.offset = torch.zeros(3)  # a plain tensor attribute: NOT a parameter

    def forward(self, x):
        return x * self.weight + self.offset


[name for name, _ in Affine().named_parameters()]
