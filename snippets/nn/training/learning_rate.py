"""Learning rates: one per parameter group, set by hand or by a scheduler."""
# %% param_groups
import torch
import torch.nn as nn
from torch import optim

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
optimizer = optim.SGD(
    [
        {"params": net[0].parameters()},  # uses the default lr given below
        {"params": net[2].parameters(), "lr": 0.01},  # its own lr
    ],
    lr=0.1,
    momentum=0.9,
)
[group["lr"] for group in optimizer.param_groups]
# %% set_learning_rate
def set_learning_rate(optimizer, lr):
    """Sets the learning rate to the given value"""
    for param_group in optimizer.param_groups:
        param_group['lr'] = lr


set_learning_rate(optimizer, 0.001)
[group["lr"] for group in optimizer.param_groups]  # one rate for all: the per-layer rates are gone
# %% scale_learning_rate
def scale_learning_rate(optimizer, factor):
    """Multiply every group's learning rate by factor, keeping their ratios."""
    for param_group in optimizer.param_groups:
        param_group["lr"] *= factor


for group, lr in zip(optimizer.param_groups, (0.1, 0.01)):
    group["lr"] = lr  # back to the per-layer rates
scale_learning_rate(optimizer, 0.5)
[group["lr"] for group in optimizer.param_groups]
# %% scheduler
from torch.optim.lr_scheduler import StepLR

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
optimizer = optim.SGD(
    [{"params": net[0].parameters()}, {"params": net[2].parameters(), "lr": 0.01}],
    lr=0.1,
    momentum=0.9,
)
scheduler = StepLR(optimizer, step_size=2, gamma=0.1)  # every 2 epochs: lr *= 0.1
inputs, targets = torch.randn(8, 2), torch.randint(0, 3, (8,))
rates = []
for epoch in range(6):
    rates.append(scheduler.get_last_lr())
    print(f"epoch {epoch + 1}: lr = {[round(lr, 10) for lr in rates[-1]]}")
    optimizer.zero_grad()
    nn.functional.cross_entropy(net(inputs), targets).backward()
    optimizer.step()  # first the optimizer's step ...
    scheduler.step()  # ... then the scheduler's, once per epoch
