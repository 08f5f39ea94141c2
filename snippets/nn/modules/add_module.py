"""Adding a layer to an nn.Sequential after it was built."""
# %% add_module
import torch.nn as nn

net = nn.Sequential(nn.Linear(100, 10))
net.add_module('extra-layer', nn.Linear(10, 20))
print(net)
# %% access
# 'extra-layer' is not a Python identifier: reach it with getattr() or by position.
getattr(net, "extra-layer") is net[1]
# %% append
net = nn.Sequential(nn.Linear(100, 10))
net.append(nn.Linear(10, 20))  # numbered like the layers given to the constructor
print(net)
