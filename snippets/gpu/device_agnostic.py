"""The torch.device way: code that runs on a GPU when there is one and on the CPU otherwise."""
# %% is_available
import torch
import torch.nn as nn

torch.cuda.is_available()
# %% choose_device
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
device
# %% create_on_device
torch.manual_seed(0)
c = torch.randn(3, 3, device=device)  # created directly on the device
c.device
# %% move_model_and_tensor
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))  # a small stand-in for VGG16
model.to(device)  # a module moves in place: no assignment needed
c = c.to(device)  # a tensor does not: keep the returned tensor
print("model on", next(model.parameters()).device)
print("c on", c.device)
# %% to_in_place_or_copy
# Converting the dtype shows the difference on any machine, CPU included.
returned = model.to(torch.float64)
print("model.to() returned the same module:", returned is model)
print("model's weights are now", model[0].weight.dtype)

t = torch.ones(2)
t64 = t.to(torch.float64)
print("t.to() returned a new tensor:", t64 is not t)
print("t is still", t.dtype, "and the new tensor is", t64.dtype)
print("t.to(t.dtype) returns t itself:", t.to(t.dtype) is t)
# %% accelerator
# The accelerator this PyTorch was built for, if this machine has one; else None.
accelerator = torch.accelerator.current_accelerator(check_available=True)
device = accelerator if accelerator is not None else torch.device("cpu")
device
