"""Exercises of the GPU page, with their solutions: device-agnostic code that runs on any machine.

The meta device stands in for a GPU where placement is checked: a meta tensor has a
shape, a dtype and a device but no values, so moving to it costs nothing and works
without CUDA, and an operation that mixes it with a CPU tensor fails as a mix of
devices does.
"""
# %% buffer_setup
import torch
from torch import nn


class Standardized(nn.Module):
    """A linear layer on inputs standardised with a fixed mean and standard deviation."""

    def __init__(self, mean, std):
        super().__init__()
        self.mean = torch.tensor(mean)
        self.std = torch.tensor(std)
        self.fc = nn.Linear(len(mean), 1)

    def forward(self, x):
        return self.fc((x - self.mean) / self.std)


torch.manual_seed(0)
model = Standardized([1.0, 2.0, 3.0], [0.5, 0.5, 2.0])
x = torch.ones(4, 3)
print("on the CPU:", model(x).shape)
model.to("meta")  # moves the model as model.to(device) would move it to a GPU
try:
    model(x.to("meta"))
except RuntimeError as error:
    print("RuntimeError:", error)
# %% buffer_solution
class Standardized(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        # Buffers: tensors of the module that are not parameters. .to() moves
        # them and state_dict() saves them; the optimizer never sees them.
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.fc = nn.Linear(len(mean), 1)

    def forward(self, x):
        return self.fc((x - self.mean) / self.std)


torch.manual_seed(0)
model = Standardized([1.0, 2.0, 3.0], [0.5, 0.5, 2.0])
print("on the CPU:", model(x).shape, "| state_dict:", list(model.state_dict()))
model.to("meta")
print("after .to('meta'):", model.mean.device, model.std.device, model.fc.weight.device)
model(x.to("meta"))
# %% to_device_setup
# A batch as the data page's traffic-light DataLoader gives it: the images, and the
# annotations collated field by field (the boxes: one tensor per coordinate).
torch.manual_seed(0)
batch = (torch.rand(4, 3, 48, 24),
         {"color": ["red", "yellow", "green", "red"],
          "box": [torch.tensor([2, 3, 5, 2]), torch.tensor([3, 4, 6, 3]),
                  torch.tensor([9, 11, 14, 9]), torch.tensor([20, 25, 31, 20])]})
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
images, annotations = batch
images = images.to(device)  # only the images move
# %% to_device_solution
def to_device(batch, device):
    """Every tensor in a batch of tuples, lists and dicts moved to `device`; the rest unchanged."""
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {key: to_device(value, device) for key, value in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(value, device) for value in batch)
    return batch  # strings, numbers


images, annotations = to_device(batch, device)
print(images.device, [str(box.device) for box in annotations["box"]], annotations["color"])
# The meta device checks the moves on any machine, as a GPU would:
images, annotations = to_device(batch, torch.device("meta"))
print(images.device, [str(box.device) for box in annotations["box"]], annotations["color"])
# %% sampler_setup
from torch.utils.data import TensorDataset
from torch.utils.data.distributed import DistributedSampler

dataset = TensorDataset(torch.arange(250))  # 250 samples instead of the script's 256
# What each of 4 processes draws: num_replicas and rank given explicitly, as DDP's
# process group would give them, so no process group is needed here.
samplers = [DistributedSampler(dataset, num_replicas=4, rank=rank, shuffle=True, seed=0)
            for rank in range(4)]
# %% sampler_solution
from collections import Counter

drawn = [list(sampler) for sampler in samplers]  # the indices of epoch 0, per rank
print("per process:", [len(indices) for indices in drawn])
counts = Counter(index for indices in drawn for index in indices)
print("in all:", sum(counts.values()), "| distinct:", len(counts),
      "| drawn twice:", sorted(index for index, n in counts.items() if n > 1))
# With drop_last=True the sampler cuts the order short instead of padding it:
cut = [list(DistributedSampler(dataset, num_replicas=4, rank=rank, shuffle=True, seed=0, drop_last=True))
       for rank in range(4)]
print("drop_last=True, per process:", [len(indices) for indices in cut], "| in all:", sum(map(len, cut)))
