"""What the installed PyTorch's own documentation says about torch.cuda.set_device (runs anywhere)."""
# %% set_device_advice
import torch

advice = torch.cuda.set_device.__doc__.split("\n\n")[1]
print(" ".join(advice.split()))
