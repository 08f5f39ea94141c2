"""The facts that the autograd page states: graph node names, leaves and gradients, asserted."""

from __future__ import annotations


import pytest
import torch

from tests.helpers import LANGS, assert_sections_present, exercises_run, run_by_region


def test_sections_present():
    assert_sections_present(["autograd", "autograd.attrs", "autograd.nograd", "autograd.backward"])


def test_dynamic_graph_depends_on_the_data(snippet):
    ns = snippet("autograd/dynamic_graph.py")
    # 0.1, 0.2 (norm 0.22) needs x*2 and five more doublings to pass 10; 3, 4 (norm 5) needs x*2
    # only. Plus SumBackward0 and the AccumulateGrad node of the leaf.
    assert ns["small_graph"] == 6 + 2
    assert ns["large_graph"] == 1 + 2


def test_attrs_names_and_leaves(snippet):
    ns = snippet("autograd/attrs.py")
    x, y, z, out = ns["x"], ns["y"], ns["z"], ns["out"]
    assert x.requires_grad and y.requires_grad
    assert x.grad_fn is None
    assert y.grad_fn.name() == "AddBackward0"
    assert z.grad_fn.name() == "MulBackward0"
    assert out.grad_fn.name() == "MeanBackward0"
    assert (x.is_leaf, y.is_leaf, z.is_leaf, out.is_leaf) == (True, False, False, False)
    torch.manual_seed(0)
    assert torch.equal(x.detach(), torch.randn(2, 2))  # seeded as the page says


def test_grad_fn_nodes_are_no_autograd_functions(snippet):
    # the page: graph nodes are objects of classes such as AddBackward0, not torch.autograd.Function
    ns = snippet("autograd/attrs.py")
    for node in (ns["y"].grad_fn, ns["z"].grad_fn, ns["out"].grad_fn):
        assert not isinstance(node, torch.autograd.Function)
    assert type(ns["y"].grad_fn).__name__ == "AddBackward0"


def test_one_element_tensor_needs_no_gradient_argument(snippet):
    # the page: z of shape (1,) counts as a scalar for backward()
    ns = snippet("autograd/backward.py")
    assert ns["x"].shape == (1,)
    w = torch.ones(1, requires_grad=True)
    (w * 3).backward()
    assert w.grad.tolist() == [3.0]
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (torch.ones(2, requires_grad=True) * 3).backward()


def test_a_tensor_without_grad_is_a_leaf_however_made():
    # the page: results of operations on x are not leaves, but one that requires no gradient is
    made = torch.ones(2) * 3
    assert made.is_leaf and made.grad_fn is None
    assert not (torch.ones(2, requires_grad=True) * 3).is_leaf


def test_attrs_gradient_by_hand(snippet):
    ns = snippet("autograd/attrs.py")
    x = ns["x"].detach()
    assert ns["out"].item() == pytest.approx((3 * (x + 2) ** 2).mean().item())
    # d/dx mean(3 (x + 2)^2) over 4 elements = 6 (x + 2) / 4
    assert torch.allclose(ns["x"].grad, 1.5 * (x + 2))
    assert torch.allclose(ns["expected"], 1.5 * (x + 2))


def test_next_functions_walk():
    outputs = dict((name, out) for name, _, out in run_by_region("autograd/attrs.py"))
    assert outputs["next_functions"].split() == [
        "MeanBackward0", "MulBackward0", "PowBackward0", "AddBackward0",
        "torch::autograd::AccumulateGrad",
    ]
    assert "0x" not in "".join(outputs.values())  # no memory addresses in the page


def test_stopping_tracking():
    steps = {name: (ns["a"].requires_grad, out) for name, ns, out in run_by_region("autograd/no_grad.py")}
    assert steps["requires_grad_"][0] is False
    assert steps["switch_on"][0] is True
    assert steps["detach_in_place"][0] is False
    assert steps["requires_grad_call"][1] == "TypeError: 'bool' object is not callable\n"
    assert steps["no_grad"][1].split() == ["False", "True"]


def test_requires_grad_is_not_callable():
    with pytest.raises(TypeError, match="not callable"):
        torch.zeros(1).requires_grad()


def test_detach_shares_storage(snippet):
    ns = snippet("autograd/no_grad.py")
    v, v_detached = ns["v"], ns["v_detached"]
    assert v.requires_grad and not v_detached.requires_grad
    assert v_detached.data_ptr() == v.data_ptr()
    # the page: an in-place change to the detached tensor shows in the original
    assert v_detached.tolist() == [0.0, 3.0] and v.tolist() == [0.0, 3.0]
    out = dict((name, out) for name, _, out in run_by_region("autograd/no_grad.py"))["detach_copy"]
    assert out.splitlines() == ["tensor([3., 3.]) False True", "True", "tensor([0., 3.], grad_fn=<MulBackward0>)"]
    assert torch.is_grad_enabled()  # the no_grad block restored grad mode


def test_in_place_change_through_detach_breaks_a_backward_that_saved_the_original():
    # the page: if the graph saved the original for its backward pass, backward() then fails
    w = torch.ones(2, requires_grad=True)
    v = w * 3
    squared = v**2  # saves v for its backward pass
    v.detach()[0] = 0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        squared.sum().backward()


def test_backward_accumulates_and_frees_the_graph():
    seen = {}
    for name, ns, out in run_by_region("autograd/backward.py"):
        w, b = ns["w"], ns["b"]
        seen[name] = (
            None if w.grad is None else w.grad.clone(),
            None if b.grad is None else b.grad.clone(),
            out,
        )
        x = ns["x"]
    assert (x.is_leaf, ns["w"].is_leaf, ns["b"].is_leaf) == (True, True, True)
    # z = w x + b: dz/dw = x, dz/db = 1
    assert torch.equal(seen["backward"][0], x) and seen["backward"][1].tolist() == [1.0]
    # a second backward through the retained graph adds
    assert torch.equal(seen["accumulate"][0], 2 * x) and seen["accumulate"][1].tolist() == [2.0]
    # the third one fails: the graph was freed
    assert seen["retain_graph_error"][2].startswith("RuntimeError: Trying to backward through the graph a second time")
    assert "retain_graph=True" in seen["retain_graph_error"][2]
    # after clearing and a new forward pass the gradients are fresh again
    assert torch.equal(seen["zero_grad"][0], x) and seen["zero_grad"][1].tolist() == [1.0]


def test_gradient_argument():
    outputs = {}
    for name, ns, out in run_by_region("autograd/backward.py"):
        outputs[name] = out
        if name == "gradient_argument":
            # weights * d(s^2)/ds = [1, 0.1, 0.01] * 2 s
            assert torch.allclose(ns["s"].grad, torch.tensor([2.0, 0.4, 0.06]))
        if name == "scalar_default":
            assert ns["s"].grad.tolist() == [2.0, 4.0, 6.0]
    assert outputs["non_scalar_error"] == "RuntimeError: grad can be implicitly created only for scalar outputs\n"
    assert outputs["gradient_argument"].splitlines()[0] == "tensor([2., 4., 6.])"
    assert "unexpected keyword argument 'grad_variables'" in outputs["grad_variables"]
    assert "FutureWarning: `grad_variables` is deprecated. Use `grad_tensors` instead." in outputs["autograd_backward"]
    assert ns["s"].grad.tolist() == [2.0, 4.0, 6.0]


def test_backward_parameter_is_called_gradient():
    import inspect

    params = list(inspect.signature(torch.Tensor.backward).parameters)
    assert params[:3] == ["self", "gradient", "retain_graph"]
    # the Correction: grad_variables is the function's old name, kept as a deprecated alias of grad_tensors
    function = inspect.signature(torch.autograd.backward).parameters
    assert list(function)[:2] == ["tensors", "grad_tensors"] and "grad_variables" in function
    assert "grad_variables" not in inspect.signature(torch.Tensor.backward).parameters


@pytest.mark.parametrize("lang", LANGS)
def test_formulas_convert_to_mathml(lang):
    """Every formula of the page ($...$, $$...$$, {math}, as MyST reads them) converts with docutils'
    LaTeX-to-MathML converter."""
    from docutils.utils.math import latex2mathml

    from notesite.core import markdown
    from tests.helpers import ROOT

    formulas = markdown.parse((ROOT / "docs" / lang / "autograd.md").read_text(encoding="utf-8")).math
    assert len(formulas) >= 6
    for formula in formulas:
        latex2mathml.tex2mathml(formula.tex)


@pytest.mark.parametrize("doc", ["autograd.md", "nn/modules.md", "nn/training.md"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_heading_has_its_own_label(lang, doc):
    """A label on the line above every heading, and no heading whose text would claim a later
    heading's label (docutils gives a section an id made from its title: the English page's title
    "Autograd" took the anchor of the label (autograd)= and left that section with #id1)."""
    from docutils.nodes import make_id

    from notesite.core import markdown
    from tests.helpers import ROOT

    headings = []
    for heading in markdown.parse((ROOT / "docs" / lang / doc).read_text(encoding="utf-8")).headings:
        assert heading.label, (f"docs/{lang}/{doc}:{heading.line}: heading without a label above it: "
                               f"{'#' * heading.level} {heading.title}")
        headings.append((heading.title, heading.label))
    # ids go first come, first served: a title's implicit id takes a label that comes later
    for k, (title, label) in enumerate(headings):
        later = {other for _, other in headings[k + 1:]}
        assert make_id(title) not in later, f"heading {title!r} would take the anchor {make_id(title)!r}"
    # the Summary closes the page's text; the Exercises come after it, last
    assert headings[-2][1].endswith("-summary") and headings[-1][1].endswith("-exercises")


# --- the exercises ------------------------------------------------------------------------


def test_exercise_path_gradient():
    """Exercise autograd-ex-path-gradient: the gradient of double_until_large is 2 ** (number of doublings the
    input took)."""
    ns, out, _ = exercises_run("autograd/exercises.py")
    small, large = ns["small"], ns["large"]
    # the number of multiplications on each input's path, counted in a graph of its own
    def doublings(x):
        node, count = ns["double_until_large"](x.detach().requires_grad_()).grad_fn, 0
        while node is not None:
            count += node.name() == "MulBackward0"
            parents = [fn for fn, _ in node.next_functions if fn is not None]
            node = parents[0] if parents else None
        return count

    assert (doublings(small), doublings(large)) == (6, 1)
    assert small.grad.tolist() == [2.0**6] * 2 and large.grad.tolist() == [2.0] * 2
    assert out["path_gradient_setup"] == ""  # the setup prints nothing: the answer is to predict
    assert out["path_gradient_solution"].splitlines() == ["tensor([64., 64.])", "tensor([2., 2.])"]


def test_exercise_no_grad_constant():
    """Exercise autograd-ex-no-grad-constant: a tensor made under no_grad is a constant for autograd,
    so d/da sum(b a) = b."""
    ns, out, _ = exercises_run("autograd/exercises.py")
    a, b = ns["a"], ns["b"]
    assert not b.requires_grad and b.is_leaf and b.grad_fn is None
    assert torch.equal(a.grad, b) and a.grad.tolist() == [2.0, 2.0]
    # tracked, b = 2 a would give d/da sum(2 a * a) = 4 a: the answer the exercise rules out
    tracked = torch.ones(2, requires_grad=True)
    (tracked * 2 * tracked).sum().backward()
    assert tracked.grad.tolist() == [4.0, 4.0]
    assert out["no_grad_constant_setup"] == ""
    assert out["no_grad_constant_solution"] == "False True\n"


def test_exercise_manual_sgd():
    """Exercise autograd-ex-manual-sgd: the notes-style loop fails on an in-place update of a leaf; the fixed
    loop does 20 steps of gradient descent on (2 w - 6)^2: w <- w - 0.05 * 4 (2 w - 6) = 0.6 w + 1.2, so
    w_k = 3 - 3 * 0.6^k."""
    ns, out, _ = exercises_run("autograd/exercises.py")
    assert out["manual_sgd_setup"] == (
        "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.\n"
    )
    w = ns["w"]
    assert ns["step"] == 19  # all 20 steps ran
    assert w.item() == pytest.approx(3 - 3 * 0.6**20, abs=1e-6)
    assert w.is_leaf and w.requires_grad and w.grad is None
    # updated in place at each of the 20 steps: the same tensor throughout, not a new leaf per step
    # (as `w = (w - 0.05 * w.grad).detach().requires_grad_()` would make)
    assert w._version == 20
    assert out["manual_sgd_solution"].splitlines() == ["tensor(2.9999, requires_grad=True)", "True 20"]
