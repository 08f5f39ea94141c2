"""Ask PyTorch whether it can use a CUDA GPU (runs anywhere; the answer depends on the machine)."""
# %% cuda_available
import torch

torch.cuda.is_available()
# %% cuda_build
# The CUDA version this PyTorch build was compiled against (None for CPU-only builds).
torch.version.cuda
# %% wheel_requires
from importlib.metadata import requires

# The CUDA packages pip installs with torch on Linux
# (the NVIDIA driver is not among them).
cuda_requirements = [
    requirement.split(";")[0].strip()
    for requirement in requires("torch")
    if "Linux" in requirement
    and ("cuda" in requirement or "nvidia" in requirement)
]
print("\n".join(cuda_requirements))
