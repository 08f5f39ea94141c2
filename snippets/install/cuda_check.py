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
# %% toolkit_extras
import re

# cuda-toolkit is NVIDIA's metapackage: the extras in brackets choose which of its
# libraries pip installs. The compiler, nvcc, would be the extra "nvcc".
toolkit = next(r for r in cuda_requirements if r.startswith("cuda-toolkit["))
extras = re.search(r"\[(.*)\]", toolkit).group(1).split(",")
print("libraries:", ", ".join(extras))
print("nvcc among them:", "nvcc" in extras)
