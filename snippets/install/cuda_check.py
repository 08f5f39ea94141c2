"""Ask PyTorch whether it can use a CUDA GPU (runs anywhere; the answer depends on the machine)."""
# %% cuda_available
import torch

torch.cuda.is_available()
# %% cuda_build
# The CUDA version this PyTorch build was compiled against (None for CPU-only builds).
torch.version.cuda
