"""Exercises of the data page, with their solutions (in-memory data sets, no worker processes)."""
# %% dtype_setup
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset


class Measurements(Dataset):
    """Rows of three measurements and their sum, kept in NumPy arrays."""

    def __init__(self, n=10):
        rng = np.random.default_rng(0)
        self.x = rng.random((n, 3))  # float64, as np.loadtxt would read them from a file
        self.y = self.x.sum(axis=1, keepdims=True)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


torch.manual_seed(0)
model = nn.Linear(3, 1)
loader = DataLoader(Measurements(), batch_size=4)
x, y = next(iter(loader))
try:
    loss = nn.functional.mse_loss(model(x), y)
except RuntimeError as error:
    print("RuntimeError:", error)
# %% dtype_solution
class Measurements32(Measurements):
    """The same rows, converted once to float32 tensors, the dtype of the model's parameters."""

    def __init__(self, n=10):
        super().__init__(n)
        self.x = torch.tensor(self.x, dtype=torch.float32)
        self.y = torch.tensor(self.y, dtype=torch.float32)


loader = DataLoader(Measurements32(), batch_size=4)
x, y = next(iter(loader))
print(x.dtype, y.dtype, next(model.parameters()).dtype)
nn.functional.mse_loss(model(x), y)
# %% collate_setup
class Pictures(Dataset):
    """Six random "images" in three sizes, each with a colour and a box, like the traffic lights."""

    def __init__(self):
        g = torch.Generator().manual_seed(0)
        self.samples = []
        for index in range(6):
            width = (12, 16, 20)[index % 3]
            image = torch.rand(3, 2 * width, width, generator=g)
            annotation = {"color": ["red", "yellow", "green"][index % 3],
                          "box": [2, 3, width - 2, width + 3]}
            self.samples.append((image, annotation))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        return self.samples[index]


pictures = Pictures()
try:
    next(iter(DataLoader(pictures, batch_size=4)))
except RuntimeError as error:
    print("RuntimeError:", error)
# %% collate_solution
def collate(samples):
    """A batch of (image, annotation) pairs -> a list of images and one annotation dict."""
    images = [image for image, _ in samples]  # different sizes: no stacking
    boxes = torch.tensor([annotation["box"] for _, annotation in samples])
    colors = [annotation["color"] for _, annotation in samples]
    return images, {"color": colors, "box": boxes}


loader = DataLoader(pictures, batch_size=4, collate_fn=collate)
for images, annotations in loader:
    print([tuple(image.shape) for image in images])
    print(annotations["color"])
    print(annotations["box"])
# %% drop_last_setup
from torch.utils.data import TensorDataset

numbers = TensorDataset(torch.arange(18))  # 18 samples, as in the example
loader = DataLoader(numbers, batch_size=4, shuffle=True, drop_last=True)
# %% drop_last_solution
torch.manual_seed(0)  # the shuffled orders
print(len(loader), "batches per epoch")
for epoch in range(2):
    seen = torch.cat([batch for (batch,) in loader])
    left_out = sorted(set(range(18)) - set(seen.tolist()))
    print(f"epoch {epoch}: {len(seen)} samples seen, left out: {left_out}")
