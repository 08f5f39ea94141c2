"""The facts that the intro, install and tensor-basics pages state, asserted."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tests.helpers import ROOT, run_by_region


def test_vs_tensorflow_features_exist(snippet):
    ns = snippet("intro/vs_tensorflow.py")
    assert torch.allclose(ns["spectrum"], torch.tensor([0, 2, 0, 2], dtype=torch.complex64))
    assert ns["flipped"].tolist() == [[2, 1, 0], [5, 4, 3]]
    inf, nan, finite = torch.isinf(ns["values"]), torch.isnan(ns["values"]), torch.isfinite(ns["values"])
    assert inf.tolist() == [False, True, False, True]
    assert nan.tolist() == [False, False, True, False]
    assert finite.tolist() == [True, False, False, False]


def test_verify_install_is_seeded(snippet):
    ns = snippet("install/verify.py")
    assert ns["x"].shape == (5, 3) and ns["x"].dtype == torch.float32
    torch.manual_seed(0)
    assert torch.equal(ns["x"], torch.rand(5, 3))


def test_types_page(snippet):
    ns = snippet("tensors/basics/dtypes.py")
    assert ns["x"].dtype == torch.float32 and ns["x"].type() == "torch.FloatTensor"
    assert ns["x"].device == torch.device("cpu")  # the device is an attribute of its own
    # The CPU has a half-precision type now, which the early documentation's count of 7 lacked.
    assert torch.empty(0, dtype=torch.float16).type() == "torch.HalfTensor"
    assert torch.get_default_dtype() == torch.float32


def test_set_default_tensor_type_is_deprecated():
    torch._C._set_warnAlways(True)  # the warning is a warn-once; make it fire again here
    try:
        with pytest.warns(UserWarning, match="set_default_tensor_type.*deprecated"):
            torch.set_default_tensor_type("torch.DoubleTensor")
        assert torch.zeros(1).dtype == torch.float64
    finally:
        with pytest.warns(UserWarning, match="set_default_tensor_type.*deprecated"):  # putting it back warns too
            torch.set_default_tensor_type("torch.FloatTensor")
        torch._C._set_warnAlways(False)


def test_conversions(snippet):
    ns = snippet("tensors/basics/convert.py")
    a = ns["a"]
    assert a.dtype == torch.float32
    for name in ("b", "c", "d", "e"):
        assert ns[name].dtype == torch.float64, name
        assert torch.equal(ns[name], a.double()), name
    assert a.int().dtype == torch.int32
    # type() takes an old-style name as a string, or the class itself.
    assert a.type("torch.DoubleTensor").dtype == a.type(torch.DoubleTensor).dtype == torch.float64


def test_creation(snippet):
    ns = snippet("tensors/basics/create.py")
    # torch.Tensor turns integer data into float32; torch.tensor keeps int64.
    assert torch.Tensor(ns["ints"]).dtype == torch.float32
    assert torch.tensor(ns["ints"]).dtype == torch.int64
    # torch.tensor copies, torch.as_tensor shares.
    assert ns["copied"][0].item() == 0.0 and ns["shared"][0].item() == 7.0
    assert np.shares_memory(ns["shared"].numpy(), ns["array"])
    # Deterministic mode fills uninitialised memory with NaN (and it was switched off again).
    torch.use_deterministic_algorithms(True)
    try:
        assert torch.isnan(torch.Tensor(2, 2)).all()
    finally:
        torch.use_deterministic_algorithms(False)
    assert torch.arange(1, 6, 2).tolist() == [1, 3, 5]
    assert torch.linspace(1, 6, 2).tolist() == [1.0, 6.0]
    assert torch.eye(2).tolist() == [[1, 0], [0, 1]]
    x = ns["x"]
    assert x.shape == (5, 3) and x.dtype == torch.float32  # randn_like with dtype=torch.float


def test_randperm_cell_gives_a_permutation():
    """The page's randperm cell, evaluated: a permutation of 0 … 9."""
    from notesite.core import snippet_regions

    code = snippet_regions.parse_regions(ROOT / "snippets" / "tensors" / "basics" / "create.py")["randperm"].code
    torch.manual_seed(0)
    shown = eval(code, {"torch": torch})
    assert sorted(shown.tolist()) == list(range(10)) and shown.tolist() != list(range(10))


def test_size_and_count(snippet):
    ns = snippet("tensors/basics/size.py")
    x = ns["x"]
    assert x.size() == x.shape == torch.Size([5, 3])
    assert x.numel() == x.nelement() == 15


def test_tensor_class_keeps_a_tensor_arguments_dtype_and_memory(snippet):
    """torch.Tensor(t) is not always float32: given a tensor it returns one of that
    tensor's dtype, sharing its memory (the write into src shows in alias)."""
    ns = snippet("tensors/basics/create.py")
    src, alias = ns["src"], ns["alias"]
    assert alias.dtype == torch.int64
    assert alias.untyped_storage().data_ptr() == src.untyped_storage().data_ptr()
    assert alias.tolist() == [10, 2]


def test_tensor_class_copies_only_when_it_converts(snippet):
    ns = snippet("tensors/basics/create.py")
    assert ns["from_floats"].dtype == ns["from_doubles"].dtype == torch.float32
    assert np.shares_memory(ns["from_floats"].numpy(), ns["floats"])
    assert not np.shares_memory(ns["from_doubles"].numpy(), ns["doubles"])
    assert ns["from_floats"].tolist() == [7.0, 0.0, 0.0] and ns["from_doubles"].tolist() == [0.0] * 3


def test_tensor_class_uses_the_default_dtype_for_data():
    """Python or NumPy data becomes the default dtype, which set_default_dtype changes."""
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.Tensor([1, 2]).dtype == torch.float64
    finally:
        torch.set_default_dtype(torch.float32)
    assert torch.Tensor([1, 2]).dtype == torch.float32


def test_only_torch_tensor_lower_case_takes_a_dtype():
    """The Correction's advice: torch.tensor takes dtype=, torch.Tensor accepts none."""
    assert torch.tensor([1, 2], dtype=torch.float16).dtype == torch.float16
    with pytest.raises(TypeError):
        torch.Tensor([1, 2], dtype=torch.int64)


def test_tensor_class_returns_a_view_of_a_tensor():
    """torch.Tensor(t) is a view of t, for the default dtype and (today) any other."""
    for src in (torch.zeros(2), torch.tensor([1, 2], dtype=torch.int32)):
        alias = torch.Tensor(src)
        assert alias._base is src and alias.dtype == src.dtype


def test_linux_wheel_brings_the_cuda_libraries(snippet):
    """The install page: the CUDA runtime comes with the wheel (cuda-toolkit[cudart]),
    cuDNN and NCCL as nvidia-* packages; the build reports its CUDA version."""
    ns = snippet("install/cuda_check.py")
    names = ns["cuda_requirements"]
    assert any(r.startswith("cuda-toolkit[") and "cudart" in r for r in names), names
    assert any(r.startswith("nvidia-cudnn-") for r in names), names
    assert any(r.startswith("nvidia-nccl-") for r in names), names
    assert ns["torch"].version.cuda is not None  # a CUDA build, which also runs on the CPU


# --- the page's exercises (snippets/tensors/basics/exercises.py) ----------------------------


def exercise_states(relpath: str = "tensors/basics/exercises.py") -> dict[str, dict]:
    """The namespace after each region, as the page shows it (copies of the tensors in it)."""
    import copy

    states = {}
    for name, ns, _ in run_by_region(relpath):
        states[name] = {k: copy.deepcopy(v) for k, v in ns.items()
                        if isinstance(v, (torch.Tensor, np.ndarray))}
    return states


def test_exercise_share_only_the_tensor_class_shares_the_array():
    """Exercise tensors-basics-ex-share: after ``a[0] = 100``, only ``t1`` holds 100."""
    for name, ns, _ in run_by_region("tensors/basics/exercises.py"):
        if name == "share_setup":
            a = ns["a"]
            assert a.dtype == np.float32, "the exercise says the array is float32"
            shared = {t: np.shares_memory(ns[t].numpy(), a) for t in ("t1", "t2", "t3")}
            assert shared == {"t1": True, "t2": False, "t3": False}
            assert [ns[t][0].item() for t in ("t1", "t2", "t3")] == [100.0, 0.0, 0.0]
            return
    pytest.fail("no region share_setup")


def test_exercise_score_bug_truncates_and_the_fix_keeps_the_fraction():
    """Exercise tensors-basics-ex-score: the setup stores 92 silently; the solution stores 92.5."""
    states = exercise_states()
    buggy, fixed = states["score_setup"]["scores"], states["score_solution"]["scores"]
    assert buggy.dtype == torch.int64 and buggy[0].item() == 92, "the bug the exercise shows"
    with pytest.raises(RuntimeError, match="mean"):
        buggy.mean()
    assert fixed.is_floating_point() and fixed[0].item() == 92.5
    assert fixed.mean().item() == pytest.approx((92.5 + 85 + 77) / 3)
