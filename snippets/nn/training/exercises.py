"""Exercises of the page on losses, optimizers and learning rates: the code they show, and their solutions."""
# %% uniform_loss_setup
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

scores = torch.zeros(4, 3)  # 4 samples, 3 classes: every score is 0
targets = torch.tensor([0, 1, 2, 1])
# %% uniform_loss_solution
# Equal scores: softmax gives every class 1/3, so each sample's loss is -log(1/3) = log 3.
print(F.cross_entropy(scores, targets))
print(math.log(3))
F.cross_entropy(scores, torch.tensor([2, 2, 2, 2]))  # the same for any targets
# %% early_stopping_setup
import copy

from torch import optim

# The page's data set and split, with the same seed
torch.manual_seed(0)
centers = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
labels = torch.arange(3).repeat_interleave(100)
points = centers[labels] + 0.8 * torch.randn(300, 2)
shuffled = torch.randperm(300)
val_points, val_labels = points[shuffled[:60]], labels[shuffled[:60]]
train_points, train_labels = points[shuffled[60:]], labels[shuffled[60:]]
criterion = nn.CrossEntropyLoss()


def evaluate(net):
    """The validation loss, in evaluation mode and without a graph."""
    net.eval()
    with torch.no_grad():
        loss = criterion(net(val_points), val_labels).item()
    net.train()
    return loss


def train_one_epoch(net, optimizer, batch_size=40):
    """One pass over the training points in shuffled batches; the mean training loss."""
    order = torch.randperm(len(train_points))
    total = 0.0
    for start in range(0, len(train_points), batch_size):
        batch = order[start:start + batch_size]
        optimizer.zero_grad()
        loss = criterion(net(train_points[batch]), train_labels[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    return total / len(train_points)


# The page's network and optimizer, with the same seed
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
optimizer = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
# %% early_stopping_solution
patience, max_epochs = 3, 50
best_loss, best_epoch, best_state = math.inf, 0, None
val_losses = []
for epoch in range(1, max_epochs + 1):
    train_one_epoch(net, optimizer)
    val_losses.append(evaluate(net))
    if val_losses[-1] < best_loss:  # a new best: remember the epoch and a copy of the weights
        best_loss, best_epoch = val_losses[-1], epoch
        best_state = copy.deepcopy(net.state_dict())
    elif epoch - best_epoch == patience:  # `patience` epochs in a row without a new best
        break
stopped_epoch = epoch
net.load_state_dict(best_state)  # back to the weights of the best epoch
print("validation losses:", [round(loss, 4) for loss in val_losses])
print(f"stopped after epoch {stopped_epoch}, kept the weights of epoch {best_epoch}")
print(f"validation loss now {evaluate(net):.4f}")
# %% train_mode_setup
torch.manual_seed(0)
dropout_net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(p=0.5), nn.Linear(16, 3))
dropout_optimizer = optim.SGD(dropout_net.parameters(), lr=0.05, momentum=0.9)


def validation_loss(net):
    net.eval()  # dropout off while evaluating
    with torch.no_grad():
        return criterion(net(val_points), val_labels).item()


def fit(net, optimizer, epochs):
    for epoch in range(1, epochs + 1):
        print(f"epoch {epoch}: training mode {net.training}")
        train_one_epoch(net, optimizer)
        print(f"  validation loss {validation_loss(net):.4f}")


fit(dropout_net, dropout_optimizer, 3)
# %% train_mode_solution
def fit(net, optimizer, epochs):
    for epoch in range(1, epochs + 1):
        net.train()  # the fix: back to training mode (dropout on) at the start of every epoch
        print(f"epoch {epoch}: training mode {net.training}")
        train_one_epoch(net, optimizer)
        print(f"  validation loss {validation_loss(net):.4f}")


torch.manual_seed(0)
dropout_net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(p=0.5), nn.Linear(16, 3))
dropout_optimizer = optim.SGD(dropout_net.parameters(), lr=0.05, momentum=0.9)
fit(dropout_net, dropout_optimizer, 3)
