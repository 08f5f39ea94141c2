"""Snippets of the page on building networks with torch.nn.

The doctests of the classes these modules define live here, not in the modules:
a page shows the modules' regions, its copy buttons copy them, and its download
links carry whole modules, so the modules hold only the code that readers take
away (the notes' classes as the notes wrote them). pytest runs these examples
with the other doctests (``--doctest-plus`` in pytest.ini). Importing a module
runs it, so its printed output is ignored.

The notes' hand-made fully connected layer computes ``x @ w + b``:

>>> import torch
>>> from snippets.nn.modules.perceptron import Linear, Perception  # doctest: +IGNORE_OUTPUT
>>> _ = torch.manual_seed(0)
>>> layer = Linear(4, 3)
>>> layer(torch.ones(2, 4)).shape
torch.Size([2, 3])
>>> [(name, tuple(p.shape)) for name, p in layer.named_parameters()]
[('w', (4, 3)), ('b', (3,))]
>>> x = torch.ones(1, 4)
>>> torch.allclose(layer(x), x @ layer.w + layer.b)
True

The notes' two-layer perceptron: Linear, sigmoid, Linear, sigmoid.

>>> net = Perception(2, 3, 2)
>>> out = net(torch.ones(4, 2))
>>> out.shape
torch.Size([4, 2])
>>> bool(((out > 0) & (out < 1)).all())  # sigmoid squashes into (0, 1)
True
>>> sum(p.numel() for p in net.parameters())  # 2*3 + 3 + 3*2 + 2
17

The notes' MLP runs its layers twice. With ``in_dim != out_dim`` the second pass
cannot even start:

>>> from snippets.nn.modules.sequential import MLP, FixedMLP  # doctest: +IGNORE_OUTPUT
>>> MLP(4, 8, 8, 3)(torch.ones(2, 4))
Traceback (most recent call last):
    ...
RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x8)

With ``in_dim == out_dim`` it runs, and silently computes ``layer(layer(x))``:

>>> net = MLP(4, 8, 8, 4)
>>> x = torch.ones(2, 4)
>>> torch.allclose(net(x), net.layer(net.layer(x)))
True

The fixed MLP makes one pass and returns scores (logits):

>>> net = FixedMLP(4, 8, 8, 3)
>>> net(x).shape
torch.Size([2, 3])
>>> torch.allclose(net(x), net.layer(x))
True
>>> torch.softmax(net(x), dim=1).sum(dim=1)  # probabilities, when you need them
tensor([1., 1.], grad_fn=<SumBackward1>)
"""
