"""Check that PyTorch and torchvision import, and make a random tensor."""
# %% verify
import torch
import torchvision

torch.manual_seed(0)  # seeded: the same numbers each time this runs
x = torch.rand(5, 3)
x
# %% versions
torch.__version__, torchvision.__version__
