"""The facts that the torch.nn pages state: modules, parameters, the MLP bug, losses, training."""

from __future__ import annotations

import contextlib
import copy
import io
import math
import re

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from notesite.core import markdown
from notesite.core import snippet_regions
from tests.helpers import LANGS, ROOT, assert_sections_present, exercises_run, run_by_region


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
    # the page: a plain tensor attribute is not saved by state_dict(); register_buffer() registers one
    affine = ns["Affine"]()
    assert list(affine.state_dict()) == ["weight"]
    affine.register_buffer("shift", torch.zeros(3))
    assert list(affine.state_dict()) == ["weight", "shift"] and [n for n, _ in affine.named_buffers()] == ["shift"]


def test_functional_versus_modules(snippet):
    ns = snippet("nn/modules/functional.py")
    x = ns["x"]
    assert torch.equal(nn.ReLU()(x), F.relu(x))
    assert torch.equal(ns["layer"](x), F.linear(x, ns["weight"], ns["bias"]))
    assert isinstance(ns["weight"], nn.Parameter)
    assert [n for n, _ in ns["bn"].named_parameters()] == ["weight", "bias"]
    assert [n for n, _ in ns["bn"].named_buffers()] == ["running_mean", "running_var", "num_batches_tracked"]
    # the BN Correction: F.batch_norm owns nothing and defaults to training=False
    import inspect

    assert inspect.signature(F.batch_norm).parameters["training"].default is False
    mean, var = torch.zeros(3), torch.ones(3)
    F.batch_norm(torch.randn(8, 3) + 5, mean, var)  # the default, training=False: the statistics stay
    assert mean.tolist() == [0.0, 0.0, 0.0]


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
    assert F.nll_loss(ns["log_probabilities"], ns["t"]).item() == pytest.approx(hand, rel=1e-6)
    assert ns["t"].dtype == torch.int64


def test_torch_tensor_dtype_claims():
    # from a list of numbers torch.Tensor makes the default float type, torch.tensor keeps ints
    assert outputs_of("nn/training/loss.py")["modern_target"].splitlines()[:2] == ["torch.float32", "torch.int64"]
    # but not "always floats": given an integer tensor, torch.Tensor returns an int64 tensor sharing its memory
    ints = torch.tensor([1, 2])
    assert torch.Tensor(ints).dtype == torch.int64 and torch.Tensor(ints).data_ptr() == ints.data_ptr()


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
    # the caution: a model ending in LogSoftmax outputs log-probabilities; exp() gives them back
    y = torch.tensor([[0.1, 0.3, 0.6]])
    assert torch.allclose(F.log_softmax(y, dim=1).exp(), torch.softmax(y, dim=1))


def test_optimizer_fragment_and_step():
    steps = {}
    for name, ns, out in run_by_region("nn/training/optim.py"):
        steps[name] = out
        if name == "complete_step":
            weight = ns["net"][0].weight
            assert torch.allclose(weight - ns["before"], -0.001 * weight.grad, atol=1e-6)  # float32 rounding
            assert not torch.equal(weight, ns["before"])
    assert ns["optim"] is torch.optim and not hasattr(nn, "optim")
    # the notes define net (their add_module example) but no loss: the fragment stops at loss.backward()
    assert steps["notes_fragment"] == "NameError: name 'loss' is not defined\n"
    notes = (ROOT / "docs" / "_data" / "notes.txt").read_text(encoding="utf-8")
    fragment = snippet_regions.parse_regions(ROOT / "snippets" / "nn" / "training" / "optim.py")["notes_fragment"].code
    for line in ("net = nn.Sequential(nn.Linear(100, 10))", "net.add_module('extra-layer',nn.Linear(10, 20))"):
        assert line in notes and "".join(line.split()) in "".join(fragment.split())
    assert ns["net"][0].weight.grad is None  # zero_grad() sets to None
    # the page's caution: set_to_none defaults to True, in the optimizer and in nn.Module
    import inspect

    for method in (torch.optim.Optimizer.zero_grad, nn.Module.zero_grad):
        assert inspect.signature(method).parameters["set_to_none"].default is True


def test_notes_fragment_on_the_page_stops_at_the_undefined_loss():
    """The page runs its cells in one kernel: what the earlier cells defined is still there, so
    the fragment must fail at the notes' undefined loss there too, not on an earlier cell's loss."""
    import contextlib
    import io

    from tests.helpers import warning_gate

    text = (ROOT / "docs" / LANGS[0] / "nn" / "training.md").read_text(encoding="utf-8")
    ns: dict = {"__name__": "__main__"}
    for cell in snippet_regions.find_cells(text):
        region = snippet_regions.region_of(ROOT / "snippets", cell.ref)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), warning_gate.gate():
            exec(compile(region.code, str(region.path), "exec"), ns)
        if cell.ref == "nn/training/optim.py:notes_fragment":
            break
    assert out.getvalue() == "NameError: name 'loss' is not defined\n"


def test_training_loop_holds_out_a_validation_set(snippet):
    ns = snippet("nn/training/training_loop.py")
    assert ns["points"].shape == (300, 2)
    assert torch.bincount(ns["labels"]).tolist() == [100, 100, 100]
    # 60 held-out points, 240 to train on, no point in both
    assert (len(ns["val_points"]), len(ns["train_points"])) == (60, 240)
    assert sorted(torch.cat([ns["val_index"], ns["train_index"]]).tolist()) == list(range(300))
    assert len(ns["train_points"]) // ns["batch_size"] == 6  # six optimizer steps per epoch


def test_training_loop_runs_on_the_available_device(snippet):
    ns = snippet("nn/training/training_loop.py")
    want = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else torch.device("cpu")
    assert ns["device"] == want
    assert all(p.device.type == want.type for p in ns["net"].parameters())
    assert ns["val_points"].device.type == ns["train_points"].device.type == want.type
    # current_accelerator() names the accelerator torch was built for even when none is usable,
    # which is why the page checks is_available() first
    assert torch.accelerator.current_accelerator(check_available=True) in (None, torch.accelerator.current_accelerator())


def test_validation_runs_in_eval_mode_without_grad_then_back_to_train():
    """Every epoch: six training batches (train mode, grad on), then one validation pass
    (eval mode, no_grad); the network ends in training mode."""
    calls = []
    for name, ns, _ in run_by_region("nn/training/training_loop.py"):
        if name == "model":
            ns["net"].register_forward_pre_hook(
                lambda module, args: calls.append((module.training, torch.is_grad_enabled(), len(args[0])))
            )
        if name == "train":
            break
    epoch = [(True, True, 40)] * 6 + [(False, False, 60)]
    assert calls == epoch * 15
    assert ns["net"].training and torch.is_grad_enabled()
    assert len(ns["train_losses"]) == len(ns["val_losses"]) == 15


def test_training_and_validation_losses(snippet):
    ns = snippet("nn/training/training_loop.py")
    train, val = ns["train_losses"], ns["val_losses"]
    # the training loss falls quickly in the first epochs, then levels off
    assert train[-1] < 0.2 * train[0]
    assert train[4] - train[-1] < 0.1 * (train[0] - train[-1])
    # the validation loss, measured after each epoch, starts below that epoch's mean training
    # loss (the mean includes the first, untrained batches), then stays a little above it
    assert val[0] < train[0]
    assert all(v > t for v, t in zip(val[2:], train[2:]))
    # ... and wavers without climbing for good (no overfitting): the page quotes the printed losses
    # of epochs 6, 11, 15, says the curve rises a little in between, and that it ends below epoch 6
    assert 0.09 < min(val[2:]) and max(val[2:]) < 0.14 and val[-1] <= val[2]
    assert max(val[5:10]) > val[5] and val[-1] < val[5]
    if ns["device"].type == "cpu":  # the device the published page is built on
        assert [f"{val[k]:.4f}" for k in (5, 10, 14)] == ["0.1187", "0.1250", "0.1080"]
    # the numbers of the picture's alt text: about 0.8 to about 0.1 in three epochs, near 0.06 at the end
    assert 0.75 < train[0] < 0.85 and 0.09 < train[2] < 0.11 and 0.055 < train[-1] < 0.065
    assert 0.42 < val[0] < 0.52
    # both accuracies above 95 %
    assert ns["train_accuracy"] > 0.95 and ns["val_accuracy"] > 0.95
    assert ns["net"].training  # evaluate() put it back in training mode


def test_loss_curve_words_and_legend(snippet):
    import matplotlib.pyplot as plt

    ns = snippet("nn/training/training_loop.py")
    fig = ns["fig"]
    assert plt.get_fignums() == []  # the region closed its figure
    (ax,) = fig.axes
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "cross-entropy loss"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training", "validation"]
    assert list(ax.lines[0].get_ydata()) == ns["train_losses"]
    assert list(ax.lines[1].get_ydata()) == ns["val_losses"]
    texts = "".join(t.get_text() for t in fig.findobj(plt.Text))
    assert texts.isascii()  # matplotlib's default font has no Chinese glyphs


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


@pytest.mark.parametrize("doc", [f"{lang}/nn/{name}" for name in ("modules.md", "training.md") for lang in LANGS])
def test_formulas_convert_to_mathml(doc):
    """Every formula of the page ($...$, $$...$$, {math}, as MyST reads them) converts with docutils'
    LaTeX-to-MathML converter."""
    from docutils.utils.math import latex2mathml

    formulas = markdown.parse((ROOT / "docs" / doc).read_text(encoding="utf-8")).math
    assert formulas
    for formula in formulas:
        latex2mathml.tex2mathml(formula.tex)


# --- the exercises ------------------------------------------------------------------------


def test_exercise_linear_weight_shape():
    """Exercise nn-modules-ex-weight-shape: nn.Linear(3, 5) keeps its weight as (out, in) = (5, 3) and
    computes x @ weight.T + bias."""
    ns, out, _ = exercises_run("nn/modules/exercises.py")
    layer, x = ns["layer"], ns["x"]
    assert layer.weight.shape == (5, 3) and layer.bias.shape == (5,)
    assert ns["by_hand"].shape == (4, 5)
    assert torch.allclose(ns["by_hand"], layer(x)) and torch.allclose(ns["by_hand"], F.linear(x, layer.weight, layer.bias))
    assert out["weight_shape_setup"] == ""  # the answer is to predict
    assert out["weight_shape_solution"].splitlines() == ["torch.Size([5, 3]) torch.Size([5])", "torch.Size([4, 5])"]


def test_exercise_register_layers():
    """Exercise nn-modules-ex-register-layers: layers kept in a Python list are no parameters of the module;
    in an nn.ModuleList they are."""
    ns, out, states = exercises_run("nn/modules/exercises.py")
    # the setup: the forward pass runs, the optimizer finds no parameter
    assert out["register_layers_setup"] == "torch.Size([2, 3])\nValueError: optimizer got an empty parameter list\n"
    hidden = copy.deepcopy(states["register_layers_setup"]["stack"])
    assert list(hidden.parameters()) == [] and hidden.state_dict() == {}  # the page: hidden from both ...
    hidden.double()
    assert all(layer.weight.dtype == torch.float32 for layer in hidden.layers)  # ... and from conversions
    stack = ns["stack"]
    names = [name for name, _ in stack.named_parameters()]
    assert names == [f"layers.{k}.{p}" for k in range(3) for p in ("weight", "bias")]
    assert sum(p.numel() for p in stack.parameters()) == (4 * 8 + 8) + (8 * 8 + 8) + (8 * 3 + 3) == 139
    assert list(stack.state_dict()) == names  # saved with the model too
    assert [p for group in ns["optimizer"].param_groups for p in group["params"]] == list(stack.parameters())
    converted = copy.deepcopy(stack).double()  # registered layers follow the module's conversions
    assert all(layer.weight.dtype == torch.float64 for layer in converted.layers)
    assert converted(torch.ones(2, 4, dtype=torch.float64)).shape == (2, 3)
    assert "(layers): ModuleList(" in out["register_layers_solution"]


def test_exercise_extra_repr():
    """Exercise nn-modules-ex-extra-repr: the notes' Linear with an extra_repr prints its sizes, and computes
    what it did before."""
    ns, out, _ = exercises_run("nn/modules/exercises.py")
    Linear = ns["Linear"]
    layer = Linear(4, 7)
    assert repr(layer) == "Linear(in_dim=4, out_dim=7)"
    x = torch.ones(2, 4)
    assert torch.allclose(layer(x), x @ layer.w + layer.b)
    assert [name for name, _ in layer.named_parameters()] == ["w", "b"]
    assert out["extra_repr_solution"] == (
        "Sequential(\n"
        "  (0): Linear(in_dim=2, out_dim=3)\n"
        "  (1): Sigmoid()\n"
        "  (2): Linear(in_dim=3, out_dim=2)\n"
        "  (3): Sigmoid()\n"
        ")\n"
    )


def test_exercise_uniform_scores_loss():
    """Exercise nn-training-ex-uniform-loss: equal scores over C classes give every sample the loss log C,
    whatever its target."""
    ns, out, _ = exercises_run("nn/training/exercises.py")
    assert F.cross_entropy(ns["scores"], ns["targets"]).item() == pytest.approx(math.log(3))
    for classes in (2, 3, 10):
        for target in range(classes):
            assert F.cross_entropy(torch.zeros(1, classes), torch.tensor([target])).item() == pytest.approx(math.log(classes))
    assert out["uniform_loss_setup"] == ""  # the answer is to predict
    assert out["uniform_loss_solution"].splitlines() == ["tensor(1.0986)", "1.0986122886681098"]


def test_exercise_early_stopping(snippet):
    """Exercise nn-training-ex-early-stopping: training stops at the epoch the rule says: the first one that
    ends `patience` epochs without a new lowest validation loss; the network then holds the weights of the
    best epoch."""
    ns, out, _ = exercises_run("nn/training/exercises.py")
    losses, patience, max_epochs = ns["val_losses"], ns["patience"], ns["max_epochs"]
    # the rule, epoch by epoch: the epochs since the lowest loss so far
    since_best = [epoch - (min(range(epoch), key=lambda k: losses[k]) + 1) for epoch in range(1, len(losses) + 1)]
    assert since_best[-1] == patience and all(s < patience for s in since_best[:-1])
    assert ns["stopped_epoch"] == len(losses) < max_epochs  # it stopped, and at that epoch
    best = min(range(len(losses)), key=lambda k: losses[k]) + 1
    assert ns["best_epoch"] == best == ns["stopped_epoch"] - patience
    # the weights kept are those of the best epoch: they give its validation loss again
    assert ns["evaluate"](ns["net"]) == pytest.approx(losses[best - 1], abs=1e-7)
    assert all(torch.equal(p, ns["best_state"][name]) for name, p in ns["net"].state_dict().items())
    # why the solution copies: state_dict() holds the network's own tensors, which a step changes
    net = copy.deepcopy(ns["net"])
    state = net.state_dict()
    before = state["0.weight"].clone()
    with torch.random.fork_rng(), contextlib.redirect_stdout(io.StringIO()):
        ns["train_one_epoch"](net, torch.optim.SGD(net.parameters(), lr=0.05))
    assert not torch.equal(state["0.weight"], before) and torch.equal(state["0.weight"], net[0].weight)
    # the page's loop with the same seeds: the same validation losses, epoch by epoch
    page = snippet("nn/training/training_loop.py")
    if page["device"].type == "cpu":
        assert losses == pytest.approx(page["val_losses"][:len(losses)], abs=1e-6)
    assert (ns["stopped_epoch"], ns["best_epoch"]) == (7, 4)  # the numbers the solution's text quotes
    assert out["early_stopping_solution"].splitlines()[1:] == [
        "stopped after epoch 7, kept the weights of epoch 4", "validation loss now 0.0994",
    ]


def test_exercise_train_mode():
    """Exercise nn-training-ex-train-mode: the notes-style loop trains without dropout from its second epoch
    on; the fixed one trains every batch in training mode (dropout on) and validates in evaluation mode
    without a graph."""
    ns, out, _ = exercises_run("nn/training/exercises.py")
    modes = [line.split()[-1] for line in out["train_mode_setup"].splitlines() if line.startswith("epoch")]
    assert modes == ["True", "False", "False"]  # the symptom the exercise shows
    modes = [line.split()[-1] for line in out["train_mode_solution"].splitlines() if line.startswith("epoch")]
    assert modes == ["True", "True", "True"]
    # the solution's fit(), watched from the dropout layer: (training mode, grad enabled) per forward pass
    calls = []
    with torch.random.fork_rng(), contextlib.redirect_stdout(io.StringIO()):
        torch.manual_seed(0)
        net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(p=0.5), nn.Linear(16, 3))
        net[2].register_forward_pre_hook(lambda module, args: calls.append((module.training, torch.is_grad_enabled())))
        ns["fit"](net, torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9), 2)
    assert calls == ([(True, True)] * 6 + [(False, False)]) * 2
