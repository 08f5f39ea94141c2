"""Optimizers (torch.optim): the notes' fragment, then a complete step."""
# %% optim_module
import torch
import torch.nn as nn
from torch import optim

optim is torch.optim, hasattr(nn, "optim")  # the package is torch.optim; nn has no optim
# %% notes_fragment
# The network of the notes' add_module example, the last network the notes build before these lines
net = nn.Sequential(nn.Linear(100, 10))
net.add_module('extra-layer', nn.Linear(10, 20))
# The notes' lines, as given: the notes define no loss
try:
    optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
except NameError as error:
    print(f"NameError: {error}")
# %% complete_step
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3))
inputs = torch.randn(5, 2)
targets = torch.tensor([0, 1, 2, 1, 0])
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

before = net[0].weight.detach().clone()
loss = criterion(net(inputs), targets)
optimizer.zero_grad()  # clear the gradients of the previous step
loss.backward()  # compute new ones
optimizer.step()  # update the parameters
print(loss)
# SGD's first step moves every weight by -lr * gradient
torch.allclose(net[0].weight - before, -0.001 * net[0].weight.grad, atol=1e-6)
# %% zero_grad_none
optimizer.zero_grad()
net[0].weight.grad is None  # set_to_none=True is the default: the gradients become None
