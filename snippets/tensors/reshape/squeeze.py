"""squeeze() removes dimensions of size 1, unsqueeze() inserts one."""
# %% unsqueeze
import torch

a = torch.arange(3)
print(a.shape)
print(a.unsqueeze(0).shape)
print(a.unsqueeze(0).squeeze(0).shape)
# %% squeeze_all
b = torch.zeros(1, 3, 1, 2)
print(b.squeeze().shape)  # without a dim: every size-1 dimension goes
print(b.squeeze(1).shape)  # dim 1 has size 3: nothing to remove
print(b.unsqueeze(-1).shape)  # -1 counts from the end
