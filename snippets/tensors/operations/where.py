"""torch.where(condition, x, y): x where the condition holds, y elsewhere."""
# %% rows_tensor
import torch

x = torch.arange(8).unsqueeze(1).expand(8, 4)  # row i holds the value i
x
# %% where
torch.where(x > 4, torch.ones_like(x), x)
# %% where_scalar
torch.where(x > 4, 1, x)  # a plain number works as well
