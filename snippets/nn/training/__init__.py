"""Snippets of the page on losses, optimizers and learning rates.

The doctest of this page lives here, not in a module that a page shows (a page
shows the modules' regions, its copy buttons copy them, its download links carry
whole modules). pytest runs it with the other doctests (``--doctest-plus`` in
pytest.ini): the notes' loss example, as the notes print it, one sample of a
three-class problem whose target is class 2:

>>> import torch
>>> import torch.nn as nn
>>> import torch.nn.functional as F
>>> y = torch.Tensor([0.1, 0.3, 0.6]).unsqueeze(0)
>>> t = torch.Tensor([2]).long()
>>> loss_f = F.cross_entropy(y, t)
>>> loss_f
tensor(0.8533)
>>> criterion = nn.CrossEntropyLoss()
>>> loss_nn = criterion(y, t)
>>> loss_nn
tensor(0.8533)
"""
