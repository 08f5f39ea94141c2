"""A complete training loop on a synthetic three-class data set, with its loss curve."""
# %% dataset
import torch

torch.manual_seed(0)
n_per_class = 100
centers = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
labels = torch.arange(3).repeat_interleave(n_per_class)  # 0,0,...,1,1,...,2,2,...
points = centers[labels] + 0.8 * torch.randn(3 * n_per_class, 2)  # three noisy clouds
points.shape, labels.shape
# %% model
import torch.nn as nn
from torch import optim

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))  # outputs logits
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
# %% train
batch_size = 50
epoch_losses = []
for epoch in range(15):
    order = torch.randperm(len(points))  # a new shuffle every epoch
    total = 0.0
    for start in range(0, len(points), batch_size):
        batch = order[start:start + batch_size]
        optimizer.zero_grad()
        loss = criterion(net(points[batch]), labels[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    epoch_losses.append(total / len(points))
    if epoch % 5 == 0 or epoch == 14:
        print(f"epoch {epoch + 1:2d}  loss {epoch_losses[-1]:.4f}")
# %% accuracy
with torch.no_grad():
    predicted = net(points).argmax(dim=1)
accuracy = (predicted == labels).float().mean().item()
round(accuracy, 3)
# %% loss_curve
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(range(1, len(epoch_losses) + 1), epoch_losses, marker="o")
ax.set_xlabel("$t$")
ax.set_ylabel(r"$\mathcal{L}$")
ax.set_ylim(bottom=0)
fig.tight_layout()
plt.close(fig)  # no figure left open; the figure object is still displayed below
fig
