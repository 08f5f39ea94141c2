"""sort(): sorted values and the indices they came from."""
# %% source
import torch

torch.manual_seed(0)
a = torch.randn(3, 3)
a
# %% sort_values
a.sort(0, True)[0]  # sort each column (dim 0); True means descending
# %% sort_indices
a.sort(0, True)[1]  # the row each sorted value came from
# %% sort_named
result = a.sort(dim=0, descending=True)  # keywords and named fields read better
print(result.values)
print(result.indices)
# gather puts every element at its index: the sorted values again
torch.equal(a.gather(0, result.indices), result.values)
