"""The three pieces of data loading: a Dataset, transforms, a DataLoader, on a tiny data set."""
# %% dataset
import torch
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    """The numbers 0..n-1 and their squares."""

    def __init__(self, n):
        self.n = n

    def __len__(self):  # the size of the data set
        return self.n

    def __getitem__(self, index):  # one sample, by integer index
        return torch.tensor(float(index)), torch.tensor(float(index * index))


squares = Squares(10)
len(squares), squares[3]
# %% dataloader
torch.manual_seed(0)  # shuffle=True draws from the global generator
loader = DataLoader(squares, batch_size=4, shuffle=True)
for x, y in loader:
    print(x, y)
# %% no_len
class NoLength(Dataset):
    """__getitem__ only: no __len__."""

    def __getitem__(self, index):
        return index


print("NoLength()[5] =", NoLength()[5])  # indexing needs no length
try:
    unsized = DataLoader(NoLength(), batch_size=2)  # created ...
    next(iter(unsized))  # ... but its default sampler asks for len()
except TypeError as error:
    print("default sampler, first batch: TypeError:", error)
try:
    DataLoader(NoLength(), batch_size=2, shuffle=True)
except TypeError as error:
    print("shuffle=True, creating it: TypeError:", error)
# A sampler, any iterable of indices, makes the length unnecessary:
by_sampler = DataLoader(NoLength(), batch_size=2, sampler=range(6))
print("sampler=range(6):", [batch.tolist() for batch in by_sampler])
# %% datasets
import tempfile

from torchvision import datasets

with tempfile.TemporaryDirectory() as folder:
    try:
        # download=True would fetch the files from the network
        datasets.CIFAR10(folder, train=True, download=False)
    except RuntimeError as error:
        print("RuntimeError:", error)
