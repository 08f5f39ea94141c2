"""The notes' .cuda() calls: they need CUDA, so this module runs only in the GPU profile."""
# %% tensor_cuda [gpu]
import torch
import torch.nn as nn

torch.manual_seed(0)
a = torch.randn(3, 3)
a_gpu = a.cuda()  # a copy on the current GPU (cuda:0 unless changed)
print(a.device, "->", a_gpu.device)
a = a_gpu
a
# %% module_cuda [gpu]
torch.manual_seed(0)
b = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))  # a small stand-in for VGG16
returned = b.cuda()  # modules move in place and return themselves
print(returned is b, next(b.parameters()).device)
b(a)
# %% second_gpu [gpu]
visible = torch.cuda.device_count()
if visible >= 2:
    b = b.cuda(1)  # the notes' call: the second GPU
    print("b is on", next(b.parameters()).device)
else:
    print(f"b.cuda(1) needs two GPUs; {visible} GPU(s) visible here, so it was not run")
