"""A training loop on a synthetic three-class data set: a held-out validation set
evaluated every epoch, on any available device, and the two loss curves."""
# %% dataset
import torch

torch.manual_seed(0)
n_per_class = 100
centers = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
labels = torch.arange(3).repeat_interleave(n_per_class)  # 0,0,...,1,1,...,2,2,...
points = centers[labels] + 0.8 * torch.randn(3 * n_per_class, 2)  # three noisy clouds
points.shape, labels.shape
# %% split
# Hold out 60 points (20 %) that the network never trains on.
shuffled = torch.randperm(len(points))
val_index, train_index = shuffled[:60], shuffled[60:]
train_points, train_labels = points[train_index], labels[train_index]
val_points, val_labels = points[val_index], labels[val_index]
len(train_points), len(val_points)
# %% device
# An accelerator (CUDA, MPS, ...) when one is available, else the CPU.
if torch.accelerator.is_available():
    device = torch.accelerator.current_accelerator()
else:
    device = torch.device("cpu")
train_points, train_labels = train_points.to(device), train_labels.to(device)
val_points, val_labels = val_points.to(device), val_labels.to(device)
device
# %% model
import torch.nn as nn
from torch import optim

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))  # outputs logits
net = net.to(device)  # the parameters move to the same device as the data
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
# %% evaluate
def evaluate(net, points, labels):
    """Mean loss and accuracy on a data set, without training on it."""
    net.eval()  # dropout off, batch norm uses its running statistics
    with torch.no_grad():  # no graph: nothing to backpropagate here
        scores = net(points)
        loss = criterion(scores, labels).item()
        accuracy = (scores.argmax(dim=1) == labels).float().mean().item()
    net.train()  # back to training mode
    return loss, accuracy
# %% train
batch_size = 40
train_losses, val_losses = [], []
for epoch in range(15):
    order = torch.randperm(len(train_points))  # reshuffle every epoch
    total = 0.0
    for start in range(0, len(train_points), batch_size):
        batch = order[start:start + batch_size].to(device)
        optimizer.zero_grad()
        loss = criterion(net(train_points[batch]), train_labels[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    train_loss = total / len(train_points)
    val_loss, _ = evaluate(net, val_points, val_labels)
    train_losses.append(train_loss)
    val_losses.append(val_loss)
    if epoch % 5 == 0 or epoch == 14:
        print(f"epoch {epoch + 1:2d}  loss: training {train_loss:.4f},",
              f"validation {val_loss:.4f}")
# %% accuracy
train_accuracy = evaluate(net, train_points, train_labels)[1]
val_accuracy = evaluate(net, val_points, val_labels)[1]
print(f"training accuracy   {train_accuracy:.3f}")
print(f"validation accuracy {val_accuracy:.3f}")
# %% loss_curve
import matplotlib.pyplot as plt

epochs = range(1, len(train_losses) + 1)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(epochs, train_losses, marker="o", label="training")
ax.plot(epochs, val_losses, marker="s", label="validation")
# Words, not Chinese: matplotlib's default font has no Chinese glyphs.
ax.set_xlabel("epoch")
ax.set_ylabel("cross-entropy loss")
ax.set_ylim(bottom=0)
ax.legend()
fig.tight_layout()
plt.close(fig)  # close it; the figure object is still shown below
fig
