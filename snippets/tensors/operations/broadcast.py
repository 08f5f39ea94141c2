"""Broadcasting: align the shapes at their trailing dimensions; a size of 1 stretches."""
# %% broadcast_ok
import torch

col = torch.arange(3).reshape(3, 1) * 10  # shape (3, 1)
row = torch.arange(4)  # shape (4,), read as (1, 4)
print(col + row)
torch.broadcast_shapes(col.shape, row.shape)
# %% broadcast_rows
m = torch.ones(2, 3)
bias = torch.tensor([1.0, 2.0, 3.0])  # shape (3,) matches m's last dimension
m + bias
# %% broadcast_fails
short = torch.tensor([1.0, 2.0])  # shape (2,) meets m's last dimension, 3
try:
    m + short
except RuntimeError as error:
    print("RuntimeError:", error)
# %% broadcast_fixed
(m + short.unsqueeze(1)).shape  # shape (2, 1): now the 2 meets m's first dimension
