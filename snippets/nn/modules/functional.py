"""nn.functional: the same layers as functions, without parameters or state of their own."""
# %% same_result
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor([[-1.0, 0.0, 2.0]])
nn.ReLU()(x), F.relu(x)  # a layer object and a function, same result
# %% linear
torch.manual_seed(0)
layer = nn.Linear(3, 2)  # creates and owns its weight and bias
weight = nn.Parameter(layer.weight.detach().clone())  # F.linear owns nothing: we keep them
bias = nn.Parameter(layer.bias.detach().clone())
print(layer(x))
print(F.linear(x, weight, bias))
# %% batch_norm_state
bn = nn.BatchNorm1d(3)
print("parameters:", [name for name, _ in bn.named_parameters()])
print("buffers:", [name for name, _ in bn.named_buffers()])
# %% dropout_eval
torch.manual_seed(0)
ones = torch.ones(1, 8)
dropout = nn.Dropout(p=0.5)
dropout.eval()  # evaluation mode: the module switches dropout off
print(dropout(ones))
print(F.dropout(ones, p=0.5))  # the function knows nothing about eval(): it still drops
print(F.dropout(ones, p=0.5, training=False))  # pass training=self.training in a forward
