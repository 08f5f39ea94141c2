"""What the landing page, the intro, the install page and the glossary state, asserted.

The intro's, the install page's and the glossary's claims about PyTorch run here on the
pinned torch; the landing page's claim about when the build executes a page is the
execution cache's fingerprint. (Claims about TensorFlow and conda cannot run here: the
pages link their sources.)
"""

from __future__ import annotations

import importlib.metadata
import io
import re
import sys
import types
from pathlib import Path

import pytest
import torch

from notesite.ext import exec_cache
from tests.helpers import ROOT

TORCH = Path(torch.__file__).parent


# --- the landing page ------------------------------------------------------------------------------


def test_the_cache_is_kept_until_python_a_package_or_the_kernel_settings_change():
    """index: "reuses them until a page's code, the Python version, an installed package or the
    kernel settings change" (the code is jupyter-cache's key; the rest is the fingerprint)."""
    lines = exec_cache.environment(ROOT, "docs/_ipython")
    assert lines[0] == f"python {sys.version.split()[0]}"
    assert f"torch=={importlib.metadata.version('torch')}" in lines
    assert any(line.startswith("docs/_ipython/") and " sha256:" in line for line in lines)


# --- the intro -------------------------------------------------------------------------------------


def test_the_readme_in_the_wheel_says_what_the_caution_quotes():
    """The first point of the notes follows PyTorch's README, which the wheel's metadata carries."""
    # The metadata of the torch that is imported (the dist-info beside the package), whatever
    # else a test process may have put on sys.path before this test runs.
    wheel, = importlib.metadata.distributions(name="torch", path=[str(TORCH.parent)])
    readme = " ".join(wheel.read_text("METADATA").split("\n\n", 1)[1].split())
    for words in (
        "we use a technique called reverse-mode auto-differentiation, which allows you to change the way "
        "your network behaves arbitrarily with zero lag or overhead",
        "While this technique is not unique to PyTorch",
        "Most frameworks such as TensorFlow, Theano, Caffe, and CNTK have a static view of the world.",
        "One has to build a neural network and reuse the same structure again and again.",
    ):
        assert words in readme, words


def test_fft_is_a_module():
    assert isinstance(torch.fft, types.ModuleType) and callable(torch.fft.fft)


@pytest.mark.full  # torch.export traces and saves a graph: seconds
def test_deployment_tools_and_the_cpp_library_ship_with_the_wheel():
    """intro: torch.export saves a traced graph that loads and runs again on other inputs;
    torch.compile exists; the wheel has the C++ library and its headers."""

    class Affine(torch.nn.Module):
        def forward(self, x):
            return 2 * x + 1

    buffer = io.BytesIO()
    torch.export.save(torch.export.export(Affine(), (torch.ones(3),)), buffer)
    buffer.seek(0)
    loaded = torch.export.load(buffer).module()
    assert loaded(torch.arange(3.0)).tolist() == [1.0, 3.0, 5.0]
    assert callable(torch.compile)
    assert (TORCH / "lib" / "libtorch.so").is_file() or any((TORCH / "lib").glob("torch*.dll"))
    assert (TORCH / "include" / "torch" / "csrc" / "api" / "include" / "torch" / "torch.h").is_file()


# --- the install page ------------------------------------------------------------------------------


def test_the_anaconda_metapackage_is_not_needed_torch_requires_a_few_packages():
    """install, the metapackage Tip: torch requires only a few packages (filelock, sympy, networkx,
    jinja2 and the like) besides the CUDA ones, and pip installs them with it."""
    plain = {
        re.split(r"[\s<>=~!;\[]", r, maxsplit=1)[0]
        for r in importlib.metadata.requires("torch")
        if "extra ==" not in r and "cuda" not in r and "nvidia" not in r
    }
    assert {"filelock", "sympy", "networkx", "jinja2"} <= plain and len(plain) <= 10, plain


def test_the_wheel_carries_none_of_nvidias_cuda_libraries():
    """install: "the installed torch 2.14.1 carries none of NVIDIA's CUDA libraries itself"; they
    come from the nvidia-* packages it requires."""
    files = [str(f) for f in importlib.metadata.files("torch")]
    nvidia = re.compile(r"lib(cudart|cublas|cudnn|cufft|curand|cusparse|cusolver|nccl|nvrtc|nvJitLink)[^/]*\.so")
    assert not [f for f in files if nvidia.search(f)]


def test_the_cuda_toolkit_requirement_selects_libraries_not_the_compiler(snippet):
    """install: "NVIDIA's cuda-toolkit metapackage with a selection of its libraries (not nvcc)";
    nvcc is an extra of that metapackage, not chosen."""
    ns = snippet("install/cuda_check.py")
    assert "cudart" in ns["extras"] and "cublas" in ns["extras"]
    assert "nvcc" not in ns["extras"]
    toolkit = next(r for r in importlib.metadata.requires("torch") if r.startswith("cuda-toolkit["))
    assert ns["extras"] == re.search(r"\[(.*)\]", toolkit).group(1).split(",")
    toolkit_extras = importlib.metadata.metadata("cuda-toolkit").get_all("Provides-Extra")
    assert "nvcc" in toolkit_extras and set(ns["extras"]) < set(toolkit_extras)


def test_the_build_targets_a_far_newer_cuda_than_the_notes():
    major, minor = (int(part) for part in torch.version.cuda.split(".")[:2])
    assert (major, minor) > (10, 2)


def test_the_versions_the_page_ran_with_are_pinned_in_requirements():
    pins = dict(re.findall(r"^(torch|torchvision)==([^\s\\]+)(?: \\)?$", (ROOT / "requirements.txt").read_text(), re.M))
    assert pins == {"torch": "2.14.1", "torchvision": "0.29.1"}
    for name, version in pins.items():
        assert importlib.metadata.version(name).split("+")[0] == version


# --- the glossary ----------------------------------------------------------------------------------


def test_in_place_without_an_underscore():
    """glossary: `x += 1` and index assignment work in place too."""
    x = torch.zeros(3)
    storage = x.untyped_storage().data_ptr()
    x += 1
    x[0] = 5
    assert x.tolist() == [5.0, 1.0, 1.0] and x.untyped_storage().data_ptr() == storage


def test_a_view_has_its_own_shape_strides_and_offset():
    base = torch.arange(6.0)
    view = base[1:5].view(2, 2)
    assert view.untyped_storage().data_ptr() == base.untyped_storage().data_ptr()
    assert (view.shape, view.stride(), view.storage_offset()) == ((2, 2), (2, 1), 1)


def test_leaves_and_their_gradients():
    """glossary: tensors that need no gradient are leaves too; backward fills .grad only for the
    leaves that require one; a computed tensor keeps its gradient only after retain_grad()."""
    plain = torch.ones(2) * 2
    w = torch.ones(2, requires_grad=True)
    kept, dropped = w * 3, w * 2
    kept.retain_grad()
    (kept.sum() + dropped.sum()).backward()
    assert plain.is_leaf and w.is_leaf and not kept.is_leaf
    assert w.grad.tolist() == [5.0, 5.0] and kept.grad.tolist() == [1.0, 1.0]
    with pytest.warns(UserWarning, match="not a leaf"):
        assert dropped.grad is None


def test_sgd_moves_against_the_gradient_by_the_learning_rate_times_the_gradient():
    w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    optimizer = torch.optim.SGD([w], lr=0.1)
    (w * torch.tensor([3.0, -4.0])).sum().backward()
    optimizer.step()
    assert torch.allclose(w.detach(), torch.tensor([1.0 - 0.1 * 3.0, 2.0 + 0.1 * 4.0]))
