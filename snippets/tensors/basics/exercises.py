"""Exercises of the tensor-basics page, with their solutions."""
# %% share_setup
import numpy as np
import torch

a = np.zeros(3, dtype=np.float32)
t1 = torch.Tensor(a)
t2 = torch.tensor(a)
t3 = torch.as_tensor(a, dtype=torch.float64)
a[0] = 100
# %% share_solution
# The first element of each tensor, then: does it share a's memory?
for name, t in {"t1": t1, "t2": t2, "t3": t3}.items():
    print(name, t[0].item(), np.shares_memory(t.numpy(), a))
# %% score_setup
scores = torch.tensor([90, 85, 77])
scores[0] = 92.5  # the first paper, marked again
scores
# %% score_solution
scores = torch.tensor([90, 85, 77], dtype=torch.float32)  # not int64
scores[0] = 92.5
scores, scores.mean()
