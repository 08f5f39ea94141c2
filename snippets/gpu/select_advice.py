"""What the installed PyTorch's own documentation says about torch.cuda.set_device (runs anywhere)."""
# %% set_device_advice
import re

import torch

doc = torch.cuda.set_device.__doc__.split("\n\n")[1]
# The docstring is reST: :any:`device` names torch.cuda.device, ``X`` is code.
advice = re.sub(r":\w+:`~?([\w.]+)`", r"torch.cuda.\1", " ".join(doc.split())).replace("``", "")
print(advice)
