"""Shape and element count."""
# %% size
import torch

x = torch.zeros(5, 3)
x.size(), x.shape
# %% numel
x.numel(), x.nelement()  # both count the elements: 5 * 3
