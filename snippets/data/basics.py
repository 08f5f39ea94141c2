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
    def __getitem__(self, index):
        return index


try:
    next(iter(DataLoader(NoLength(), batch_size=2)))
except TypeError as error:
    print("TypeError:", error)
# %% datasets
import tempfile

from torchvision import datasets

with tempfile.TemporaryDirectory() as folder:
    try:
        # download=True would fetch the files from the network
        datasets.CIFAR10(folder, train=True, download=False)
    except RuntimeError as error:
        print("RuntimeError:", error)
