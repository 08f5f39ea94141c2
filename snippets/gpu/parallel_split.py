"""nn.DataParallel as the notes call it, and how it splits a batch (runs on any machine)."""
# %% data_parallel
import torch
import torch.nn as nn

device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
torch.manual_seed(0)
model = nn.Linear(4, 2).to(device)  # the model must sit on the first GPU (or the CPU)
input = torch.randn(10, 4, device=device)  # a batch of 10 samples

model_gpu = nn.DataParallel(model)
output = model_gpu(input)
print("devices used:", model_gpu.device_ids)
print("output:", tuple(output.shape), "on", output.device)
# %% same_result
# However the batch is split, the result is what the module computes on the whole batch
# (up to float rounding, since GPUs may sum in a different order for smaller pieces).
torch.allclose(output, model(input), atol=1e-6)
# %% split_sizes
batch = torch.arange(10)  # 10 samples over 3 GPUs
print("chunk:       ", [len(part) for part in batch.chunk(3)])  # what scatter does
print("tensor_split:", [len(part) for part in torch.tensor_split(batch, 3)])  # not used
# %% fewer_chunks
# chunk() makes pieces of ceil(6 / 4) = 2 samples: 3 pieces, so only 3 of 4 GPUs get work.
[len(part) for part in torch.arange(6).chunk(4)]
# %% ddp_advice
import re

# The advice at the top of DataParallel's own documentation, in the installed PyTorch:
warning = nn.DataParallel.__doc__.split(".. warning::")[1].split("\n\n")[0]
# Its first sentence, as plain text (the reST role :class:`~a.b.C` shows as C).
first = " ".join(warning.split()).split(". ")[0] + "."
advice = re.sub(r":\w+:`~[\w.]*?(\w+)`", r"\1", first)
print(advice)
