"""What DataParallel does on real GPUs: one replica per GPU, each with a slice of the batch."""
# %% replica_inputs [gpu]
import torch
import torch.nn as nn

seen = []  # (device, input shape) of every replica's forward call


class ShowSplit(nn.Module):
    """A linear layer whose forward notes the device and shape of the input it receives."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        seen.append((str(x.device), tuple(x.shape)))
        return self.fc(x)


torch.manual_seed(0)
model = ShowSplit().cuda()  # parameters on cuda:0, as DataParallel requires
model_gpu = nn.DataParallel(model)  # all visible GPUs
input = torch.randn(10, 4)  # on the CPU: scatter copies each slice to its GPU
output = model_gpu(input)

print(torch.cuda.device_count(), "GPU(s) visible; replicas used:", len(seen))
for device, shape in sorted(seen):  # replicas run in parallel threads: sort for a stable listing
    print(f"  replica on {device} got input of shape {shape}")
print("gathered output:", tuple(output.shape), "on", output.device)
# %% backward [gpu]
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss = output.pow(2).mean()  # one loss, on the output device (cuda:0)
loss.backward()  # gradients of all replicas are summed into the original parameters
print("loss on", loss.device, "| gradients on", model.fc.weight.grad.device)
optimizer.step()  # updates the parameters on cuda:0; the next forward copies them again
