"""The facts that the torch.nn pages state: modules, parameters, the MLP bug, losses, training."""

from __future__ import annotations

import math
import re

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from helpers import assert_sections_present, run_by_region


def outputs_of(relpath: str) -> dict[str, str]:
    return {name: out for name, _, out in run_by_region(relpath)}


def test_sections_present():
    assert_sections_present([
        "nn", "nn.module", "nn.parameter", "nn.functional", "nn.perceptron", "nn.inspect",
        "nn.sequential", "nn.add-module", "nn.loss", "nn.optim", "nn.lr",
    ])


# --- nn/modules -------------------------------------------------------------------------


def test_notes_imports_work(snippet):
    ns = snippet("nn/modules/imports.py")
    assert ns["nn"] is torch.nn and ns["F"] is torch.nn.functional and ns["optim"] is torch.optim


def test_call_runs_forward_and_hooks(snippet):
    ns = snippet("nn/modules/module.py")
    assert torch.equal(ns["scale"](ns["x"]), torch.tensor([2.0, 4.0, 6.0]))
    assert ns["calls"] == ["hook ran"]  # __call__ ran the hook, forward() did not
    assert ns["scale"].factor.grad.item() == 6.0  # d/df sum(x f) = 1 + 2 + 3


def test_parameter_registration(snippet):
    ns = snippet("nn/modules/parameter.py")
    weight = ns["weight"]
    assert weight.requires_grad and isinstance(weight, torch.Tensor)
    assert repr(weight).startswith("Parameter containing:")
    assert [name for name, _ in ns["Affine"]().named_parameters()] == ["weight"]


def test_functional_versus_modules(snippet):
    ns = snippet("nn/modules/functional.py")
    x = ns["x"]
    assert torch.equal(nn.ReLU()(x), F.relu(x))
    assert torch.equal(ns["layer"](x), F.linear(x, ns["weight"], ns["bias"]))
    assert isinstance(ns["weight"], nn.Parameter)
    assert [n for n, _ in ns["bn"].named_parameters()] == ["weight", "bias"]
    assert [n for n, _ in ns["bn"].named_buffers()] == ["running_mean", "running_var", "num_batches_tracked"]


def test_functional_dropout_ignores_eval():
    out = outputs_of("nn/modules/functional.py")["dropout_eval"].splitlines()
    assert out[0] == out[2] == "tensor([[1., 1., 1., 1., 1., 1., 1., 1.]])"
    values = [float(v) for v in re.findall(r"\d+\.", out[1])]
    assert set(values) == {0.0, 2.0}  # dropped, and the survivors scaled by 1 / (1 - p)


def test_hand_made_linear_and_perceptron(snippet):
    ns = snippet("nn/modules/perceptron.py")
    layer = ns["Linear"](4, 3)
    assert [(n, tuple(p.shape)) for n, p in layer.named_parameters()] == [("w", (4, 3)), ("b", (3,))]
    net = ns["perception"]
    assert [n for n, _ in net.named_parameters()] == ["layer1.w", "layer1.b", "layer2.w", "layer2.b"]
    assert ns["n_parameters"] == 2 * 3 + 3 + 3 * 2 + 2 == 17
    assert ns["output"].shape == (4, 2)
    assert ((ns["output"] > 0) & (ns["output"] < 1)).all()
    expected = torch.sigmoid(torch.sigmoid(ns["data"] @ net.layer1.w + net.layer1.b) @ net.layer2.w + net.layer2.b)
    assert torch.allclose(ns["output"], expected)


def test_inspect_output():
    out = outputs_of("nn/modules/perceptron.py")
    assert out["print_net"] == "Perception(\n  (layer1): Linear()\n  (layer2): Linear()\n)\n"
    assert [line.split()[0] for line in out["named_parameters"].splitlines()] == [
        "layer1.w", "layer1.b", "layer2.w", "layer2.b",
    ]


def test_notes_mlp_crashes_or_runs_twice(snippet):
    ns = snippet("nn/modules/sequential.py")
    MLP = ns["MLP"]
    with pytest.raises(RuntimeError, match=r"cannot be multiplied \(2x3 and 4x8\)"):
        MLP(4, 8, 8, 3)(torch.ones(2, 4))
    square, x = ns["square"], ns["x"]
    assert torch.allclose(square(x), square.layer(square.layer(x)))
    assert not torch.allclose(square(x), square.layer(x))
    assert "RuntimeError: mat1 and mat2 shapes cannot be multiplied" in outputs_of("nn/modules/sequential.py")["mlp_crash"]


def test_fixed_mlp(snippet):
    ns = snippet("nn/modules/sequential.py")
    fixed, x = ns["fixed"], ns["x"]
    assert torch.equal(fixed(x), fixed.layer(x)) and fixed(x).shape == (2, 3)
    assert not any(isinstance(m, nn.Softmax) for m in fixed.modules())  # returns logits
    assert torch.allclose(torch.softmax(ns["logits"], dim=1).sum(dim=1), torch.ones(2))
    assert sum(p.numel() for p in fixed.parameters()) == (4 * 8 + 8) + (8 * 8 + 8) + (8 * 3 + 3)
    assert ns["block"](torch.ones(2, 4)).shape == (2, 3)


def test_add_module_keeps_the_name(snippet):
    out = outputs_of("nn/modules/add_module.py")
    assert "(extra-layer): Linear(in_features=10, out_features=20, bias=True)" in out["add_module"]
    assert "(1):" not in out["add_module"]  # the notes' printed output is not what PyTorch prints
    assert "(1): Linear(in_features=10, out_features=20, bias=True)" in out["append"]
    net = nn.Sequential(nn.Linear(100, 10))
    net.add_module("extra-layer", nn.Linear(10, 20))
    assert getattr(net, "extra-layer") is net[1]


# --- nn/training ------------------------------------------------------------------------


def test_loss_value(snippet):
    ns = snippet("nn/training/loss.py")
    hand = -0.6 + math.log(math.exp(0.1) + math.exp(0.3) + math.exp(0.6))
    assert hand == pytest.approx(0.8533, abs=5e-5)
    for name in ("loss_f", "loss_nn", "by_hand"):
        assert ns[name].item() == pytest.approx(hand, rel=1e-6), name
    assert ns["notes_cross_entropy"]().item() == pytest.approx(hand, rel=1e-6)
    assert F.nll_loss(ns["log_probabilities"], ns["t"]).item() == pytest.approx(hand, rel=1e-6)
    assert ns["t"].dtype == torch.int64


def test_softmax_before_cross_entropy_is_wrong(snippet):
    ns = snippet("nn/training/loss.py")
    p = torch.softmax(torch.tensor([0.1, 0.3, 0.6]), 0)
    double = -p[2] + torch.log(torch.exp(p).sum())
    assert F.cross_entropy(ns["probabilities"], ns["t"]).item() == pytest.approx(double.item(), rel=1e-6)
    assert double.item() == pytest.approx(1.0084, abs=5e-5)
    out = outputs_of("nn/training/loss.py")["softmax_gradients"].splitlines()
    assert out[0].startswith("softmax first: False  loss 10.0001")
    assert out[1].startswith("softmax first: True   loss 1.5514")
    # the gradient with the scores is softmax - onehot; with a softmax first it nearly vanishes
    scores = torch.tensor([[10.0, 0.0, 0.0]])
    right = torch.softmax(scores, 1) - torch.tensor([[0.0, 1.0, 0.0]])
    squashed = torch.tensor([[10.0, 0.0, 0.0]], requires_grad=True)
    F.cross_entropy(torch.softmax(squashed, 1), torch.tensor([1])).backward()
    assert right.abs().max() > 0.99
    assert squashed.grad.abs().max() < 1e-4


def test_optimizer_fragment_and_step():
    steps = {}
    for name, ns, out in run_by_region("nn/training/optim.py"):
        steps[name] = out
        if name == "complete_step":
            weight = ns["net"][0].weight
            assert torch.allclose(weight - ns["before"], -0.001 * weight.grad, atol=1e-6)  # float32 rounding
            assert not torch.equal(weight, ns["before"])
    assert ns["optim"] is torch.optim and not hasattr(nn, "optim")
    assert steps["notes_fragment"] == "NameError: name 'net' is not defined\n"
    assert ns["net"][0].weight.grad is None  # zero_grad() sets to None


def test_training_loss_decreases(snippet):
    ns = snippet("nn/training/training_loop.py")
    assert ns["points"].shape == (300, 2)
    assert torch.bincount(ns["labels"]).tolist() == [100, 100, 100]
    losses = ns["epoch_losses"]
    assert len(losses) == 15
    assert losses[-1] < losses[0]
    assert losses[-1] < 0.5 * losses[0]
    assert ns["accuracy"] > 0.9


def test_loss_curve_is_language_neutral_and_closed(snippet):
    import matplotlib.pyplot as plt

    ns = snippet("nn/training/training_loop.py")
    fig = ns["fig"]
    assert plt.get_fignums() == []  # the region closed its figure
    (ax,) = fig.axes
    assert ax.get_xlabel() == "$t$" and ax.get_ylabel() == r"$\mathcal{L}$"
    assert ax.get_title() == "" and ax.get_legend() is None
    texts = [t.get_text() for t in fig.findobj(plt.Text)]
    words = [t for t in texts if re.search(r"[A-Za-z\u4e00-\u9fff]", re.sub(r"\$[^$]*\$", "", t))]
    assert words == []  # only numbers and math on the plot: the same picture serves both languages
    assert list(ax.lines[0].get_ydata()) == ns["epoch_losses"]


def test_learning_rates():
    seen = {}
    for name, ns, out in run_by_region("nn/training/learning_rate.py"):
        seen[name] = ([g["lr"] for g in ns["optimizer"].param_groups], out)
    assert seen["param_groups"][0] == [0.1, 0.01]
    assert seen["set_learning_rate"][0] == [0.001, 0.001]  # the notes' function flattens the groups
    assert seen["scale_learning_rate"][0] == pytest.approx([0.05, 0.005])
    expected = [[0.1, 0.01]] * 2 + [[0.01, 0.001]] * 2 + [[0.001, 0.0001]] * 2
    rates = ns["rates"]
    assert len(rates) == 6
    for got, want in zip(rates, expected):
        assert got == pytest.approx(want)
    printed = [line.split("= ")[1] for line in seen["scheduler"][1].splitlines()]
    assert printed == [str(r) for r in expected]
