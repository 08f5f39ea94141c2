"""torch.load and weights_only: checkpoints of tensors load, pickled objects are refused by default."""
# %% resume
import os
import tempfile

import torch
from torch import nn, optim

torch.manual_seed(0)
layer = nn.Linear(2, 2)
optimizer = optim.SGD(layer.parameters(), lr=0.1, momentum=0.9)
layer(torch.ones(1, 2)).sum().backward()
optimizer.step()  # SGD with momentum now keeps a buffer per parameter

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "checkpoint.pth")
    torch.save({'model': layer.state_dict(),
                'optimizer': optimizer.state_dict()}, path)
    # weights_only=True by default: tensors, dicts, lists, numbers, strings
    checkpoint = torch.load(path)

# Resume: a new model and optimizer take over the saved state.
resumed = nn.Linear(2, 2)
resumed_optimizer = optim.SGD(resumed.parameters(), lr=0.1, momentum=0.9)
resumed.load_state_dict(checkpoint["model"])
resumed_optimizer.load_state_dict(checkpoint["optimizer"])
print(resumed_optimizer.state_dict()["state"])
torch.equal(resumed.weight, layer.weight)
# %% whole_module
import pickle
import re
import textwrap

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "linear.pth")
    torch.save(layer, path)  # the whole module object, pickled
    try:
        torch.load(path)
    except pickle.UnpicklingError as error:
        # Drop the terminal colour codes.
        message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
lines = [line.strip() for line in message.splitlines() if line.strip()]
excerpt = [
    lines[0],
    lines[1].split(". ")[0] + ".",  # the first sentence of option (1)
    next(line for line in lines if line.startswith("WeightsUnpickler error")),
]
print("\n\n".join(textwrap.fill(line, width=88) for line in excerpt))
# %% trusted
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "linear.pth")
    torch.save(layer, path)
    print(torch.serialization.get_unsafe_globals_in_checkpoint(path))
    # Allow this one class, inside the with block only:
    with torch.serialization.safe_globals([nn.Linear]):
        allowed = torch.load(path)
    # Loads anything: only for files you trust.
    trusted = torch.load(path, weights_only=False)
print(allowed)
(torch.equal(allowed.weight, layer.weight),
 torch.equal(trusted.weight, layer.weight))
