"""nn.Sequential, and the notes' multilayer perceptron: its bug and the fix."""
# %% sequential
import torch
import torch.nn as nn

torch.manual_seed(0)
block = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
print(block)
block(torch.ones(2, 4)).shape  # each layer's output is fed to the next
# %% mlp_notes
class MLP(nn.Module):
    def __init__(self, in_dim, hid_dim1, hid_dim2, out_dim):
        super(MLP, self).__init__()
        self.layer = nn.Sequential(
            nn.Linear(in_dim, hid_dim1),
            nn.ReLU(),
            nn.Linear(hid_dim1, hid_dim2),
            nn.ReLU(),
            nn.Linear(hid_dim2, out_dim),
            nn.Softmax(dim=1),
        )

    def forward(self, x):
        # call the Sequential directly (__call__)
        x = self.layer(x)
        # or use the iteration protocol
        for layer in self.layer:
            x = layer(x)
        return x
# %% mlp_crash
torch.manual_seed(0)
mlp = MLP(4, 8, 8, 3)
x = torch.randn(2, 4)
try:
    mlp(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
# %% mlp_twice
torch.manual_seed(0)
square = MLP(4, 8, 8, 4)  # in_dim == out_dim: no error, but a wrong result
print(square(x))
print(square.layer(x))  # what one pass through the layers gives
# %% mlp_fixed
class FixedMLP(nn.Module):
    """The MLP with one pass through the layers, returning scores (logits)."""

    def __init__(self, in_dim, hid_dim1, hid_dim2, out_dim):
        super().__init__()
        self.layer = nn.Sequential(
            nn.Linear(in_dim, hid_dim1),
            nn.ReLU(),
            nn.Linear(hid_dim1, hid_dim2),
            nn.ReLU(),
            nn.Linear(hid_dim2, out_dim),  # no Softmax: CrossEntropyLoss expects logits
        )

    def forward(self, x):
        return self.layer(x)  # one pass; iterating over self.layer would be equivalent
# %% mlp_fixed_run
torch.manual_seed(0)
fixed = FixedMLP(4, 8, 8, 3)
logits = fixed(x)
print(logits)
print(torch.softmax(logits, dim=1))  # probabilities for reading, not for the loss
