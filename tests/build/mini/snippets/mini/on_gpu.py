"""A CUDA-only module for the mini-site (never executed in the CPU profile)."""
# %% double [gpu]
import torch

torch.ones(2, device="cuda") * 2
