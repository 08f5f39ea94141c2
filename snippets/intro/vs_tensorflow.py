"""PyTorch vs TensorFlow: the features the notes said PyTorch lacked, run on PyTorch today."""
# %% fft
import torch

signal = torch.tensor([1.0, 0.0, -1.0, 0.0])
spectrum = torch.fft.fft(signal)  # the torch.fft module
spectrum
# %% flip
grid = torch.arange(6).reshape(2, 3)
flipped = torch.flip(grid, dims=[1])  # reverse along dimension 1
flipped
# %% inf_nan
values = torch.tensor([1.0, float("inf"), float("nan"), -float("inf")])
torch.isinf(values), torch.isnan(values), torch.isfinite(values)
