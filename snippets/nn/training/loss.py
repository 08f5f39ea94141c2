"""Loss functions: F.cross_entropy and nn.CrossEntropyLoss, and the Softmax-before-the-loss trap."""
# %% scores
import torch
import torch.nn as nn
import torch.nn.functional as F

# One sample of a three-class problem: raw scores (logits) and the target class
y = torch.Tensor([0.1, 0.3, 0.6]).unsqueeze(0)
t = torch.Tensor([2]).long()
y, t
# %% functional
loss_f = F.cross_entropy(y, t)
loss_f
# %% module
criterion = nn.CrossEntropyLoss()
loss_nn = criterion(y, t)
loss_nn
# %% by_hand
# cross entropy = -log softmax(y)[t] = -y[t] + log(sum(exp(y)))
by_hand = -y[0, 2] + torch.log(torch.exp(y).sum())
by_hand
# %% modern_target
print(torch.Tensor([2]).dtype)  # from a list: the default float type
print(torch.tensor([2]).dtype)  # Python ints stay integers: int64
F.cross_entropy(y, torch.tensor([2]))  # class indices must be integers
# %% softmax_first
probabilities = F.softmax(y, dim=1)  # what the notes' MLP outputs (it ends in nn.Softmax)
print(probabilities)
print(F.cross_entropy(probabilities, t))  # softmax applied twice: a different, wrong loss
# %% softmax_gradients
# A confidently wrong prediction: the target is class 1, the scores favour class 0.
target = torch.tensor([1])
for softmax_first in (False, True):
    scores = torch.tensor([[10.0, 0.0, 0.0]], requires_grad=True)
    inputs = F.softmax(scores, dim=1) if softmax_first else scores
    ce_loss = F.cross_entropy(inputs, target)
    ce_loss.backward()
    print(f"softmax first: {softmax_first!s:5}  loss {ce_loss.item():.4f}  gradient {scores.grad}")
# %% log_softmax_nll
# A model that must output probabilities: give the loss their log, through NLLLoss.
log_probabilities = F.log_softmax(y, dim=1)
F.nll_loss(log_probabilities, t)  # the same 0.8533 as cross_entropy on the scores
