"""The facts that the GPU page states, asserted.

Device-agnostic facts run everywhere (on the CPU in the default profile); the tests of
the CUDA-only modules carry ``@pytest.mark.gpu`` and run with ``make test GPU=1``.

Tests that need a heavy snippet module (``helpers.HEAVY_MODULES``) are in the full tier.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import torch
import torch.nn as nn

from notesite.ext import page_alignment
from tests.helpers import LANGS, ROOT, assert_sections_present, run_by_region, section_labels

DDP_SCRIPT = ROOT / "snippets" / "gpu" / "ddp" / "train_ddp.py"
EPOCH_LINE = re.compile(r"^epoch (\d+): loss (\d+\.\d{4})$", re.M)
REPLICA_LINE = re.compile(r"^(\w+), world size (\d+): parameters identical on all ranks: (True|False)$", re.M)


def test_sections_present():
    assert_sections_present(["gpu", "gpu.select", "gpu.parallel"])
    for lang in LANGS:
        assert "gpu-ddp" in section_labels(lang), f"docs/{lang}: no (gpu-ddp)= label"


def test_sections_in_order():
    for lang in LANGS:
        labels = page_alignment.labels((ROOT / "docs" / lang / "gpu.md").read_text(encoding="utf-8"))
        positions = [labels.index(label) for label in ("gpu", "gpu-select", "gpu-parallel", "gpu-ddp")]
        assert positions == sorted(positions), lang


def test_cuda_only_modules_are_tagged_and_accounted_for():
    """The CUDA-only modules are [gpu] (not run by the CPU build), the others are not; every
    [gpu] region is recorded by a GPU build or listed, with a reason, in docs/_gpu/pending.txt."""
    from notesite.ext import gpu_recordings
    from notesite.core import snippet_regions

    cuda_only = {"cuda_calls.py", "select_visible.py", "parallel_replicas.py"}
    waiting = gpu_recordings.pending(ROOT)
    for path in sorted((ROOT / "snippets" / "gpu").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        regions = snippet_regions.parse_regions(path)
        assert snippet_regions.is_gpu_module(path) == (path.name in cuda_only), path.name
        for name, region in regions.items():
            ref = f"{path.relative_to(ROOT / 'snippets').as_posix()}:{name}"
            if region.gpu:
                recorded = gpu_recordings.recording_path(ROOT, ref).exists()
                assert recorded or ref in waiting, f"{ref}: neither recorded nor pending"
            else:
                assert ref not in waiting, f"{ref} is not a [gpu] region: remove it from pending.txt"


# --- device-agnostic: these run on every machine ------------------------------------------------


def test_device_choice(snippet):
    ns = snippet("gpu/device_agnostic.py")
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert ns["c"].device.type == expected
    assert next(ns["model"].parameters()).device.type == expected
    assert ns["device"].type == expected  # torch.accelerator picks the same device type


def test_module_to_is_in_place_tensor_to_is_a_copy(snippet):
    ns = snippet("gpu/device_agnostic.py")
    assert ns["returned"] is ns["model"]
    assert all(p.dtype == torch.float64 for p in ns["model"].parameters())
    assert ns["t"].dtype == torch.float32 and ns["t64"].dtype == torch.float64
    assert ns["t64"] is not ns["t"]
    # .to() with nothing to change returns the tensor itself, not a copy.
    assert ns["t"].to(torch.float32) is ns["t"]


def test_accelerator_cell_falls_back_to_the_cpu(snippet):
    """The cell the page shows: the accelerator, or None and the CPU where none is usable."""
    ns = snippet("gpu/device_agnostic.py")
    if torch.accelerator.is_available():
        assert ns["device"] == ns["accelerator"] is not None
    else:
        assert ns["accelerator"] is None and ns["device"] == torch.device("cpu")


def test_dataparallel_as_the_notes_call_it(snippet):
    ns = snippet("gpu/parallel_split.py")
    assert ns["model_gpu"].device_ids == list(range(torch.cuda.device_count()))
    assert ns["output"].shape == (10, 2)
    assert torch.allclose(ns["output"], ns["model"](ns["input"]), atol=1e-6)


def test_scatter_split_sizes_are_chunk_sizes(snippet):
    ns = snippet("gpu/parallel_split.py")
    batch = ns["batch"]
    assert [len(p) for p in batch.chunk(3)] == [4, 4, 2]
    assert [len(p) for p in torch.tensor_split(batch, 3)] == [4, 3, 3]
    assert [len(p) for p in torch.arange(6).chunk(4)] == [2, 2, 2]  # only 3 pieces for 4 devices


@pytest.mark.skipif(torch.cuda.is_available(), reason="states what happens on a machine without CUDA")
def test_dataparallel_forwards_to_the_module_without_devices():
    """Without CUDA, DataParallel has no devices and calls the module unchanged."""
    model = nn.Linear(4, 2)
    wrapper = nn.DataParallel(model)
    x = torch.randn(10, 4)
    assert wrapper.device_ids == []
    assert torch.equal(wrapper(x), model(x))


def test_installed_docs_advise_as_the_version_notes_say(snippet):
    ns = snippet("gpu/parallel_split.py")
    assert ns["advice"].split()[:4] == ["It", "is", "recommended", "to"]
    assert "DistributedDataParallel" in ns["advice"] and "even if there is only a single" in " ".join(ns["advice"].split())
    ns = snippet("gpu/select_advice.py")
    assert "discouraged" in ns["advice"] and "CUDA_VISIBLE_DEVICES" in ns["advice"]


ROLE = re.compile(r":\w+:`|``")  # reST markup: a role such as :func:`x`, or ``code``


def test_printed_advice_is_plain_text(snippet):
    """The advice cells print the installed docstrings as a reader reads them: no reST markup."""
    for module in ("gpu/parallel_split.py", "gpu/select_advice.py"):
        advice = snippet(module)["advice"]
        assert not ROLE.search(advice), f"{module}: {advice}"
    assert "torch.cuda.device" in snippet("gpu/select_advice.py")["advice"]


VISIBLE_PROBE = """
import os, sys
calls = []


def watch(frame, event, arg):  # note every call of the C function behind cudaGetDeviceCount
    if event == "c_call" and getattr(arg, "__name__", "") == "_cuda_getDeviceCount":
        calls.append(frame.f_code.co_name)


sys.setprofile(watch)
import torch
sys.setprofile(None)
print("import", len(calls))
calls.clear()
sys.setprofile(watch)
torch.cuda.is_available()
sys.setprofile(None)
print("is_available", len(calls))
# device_count() before CUDA is initialised: NVML (faked here: 4 GPUs) and the variable's current value.
torch.cuda._raw_device_count_nvml = lambda: 4
for value in ("0,1", "", "3"):
    os.environ["CUDA_VISIBLE_DEVICES"] = value
    print("before init", repr(value), torch.cuda.device_count())
# Once CUDA is initialised, the count is cached: the variable no longer matters.
torch.cuda._initialized = True
torch._C._cuda_getDeviceCount = lambda: 4
os.environ["CUDA_VISIBLE_DEVICES"] = "0"
print("after init", torch.cuda.device_count())
os.environ["CUDA_VISIBLE_DEVICES"] = ""
print("after init", torch.cuda.device_count())
"""


@pytest.mark.full  # a second Python that imports torch
def test_when_cuda_visible_devices_stops_counting():
    """What the page says about CUDA_VISIBLE_DEVICES, in the installed torch's own code:
    `import torch` does not start the CUDA driver, is_available() does (cudaGetDeviceCount);
    device_count() before initialisation asks NVML and reads the variable on every call,
    and caches its answer once CUDA is initialised."""
    env = {k: v for k, v in os.environ.items() if k != "PYTORCH_NVML_BASED_CUDA_CHECK"}
    out = subprocess.run([sys.executable, "-c", VISIBLE_PROBE], capture_output=True, text=True,
                         check=True, env=env).stdout.splitlines()
    assert out == ["import 0", "is_available 1", "before init '0,1' 2", "before init '' 0",
                   "before init '3' 1", "after init 4", "after init 4"]


@pytest.mark.full
def test_launch_finds_the_script(snippet):
    ns = snippet("gpu/ddp/launch.py")
    assert os.path.samefile(ns["script"], DDP_SCRIPT)
    assert ns["result"].returncode == 0
    expected = torch.cuda.device_count() if torch.cuda.is_available() else 2
    backend = "nccl" if torch.cuda.is_available() else "gloo"
    assert REPLICA_LINE.findall(ns["result"].stdout) == [(backend, str(expected), "True")]


def test_train_ddp_defines_only_when_not_launched(snippet):
    ns = snippet("gpu/ddp/train_ddp.py")  # run as __main__, but without torchrun's LOCAL_RANK
    assert callable(ns["main"]) and not torch.distributed.is_initialized()


def run_ddp_on_cpu(nproc: int) -> subprocess.CompletedProcess:
    """train_ddp.py under torchrun with nproc CPU processes (CUDA hidden, so the script picks gloo)."""
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(nproc), str(DDP_SCRIPT)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def gloo_run() -> subprocess.CompletedProcess:
    return run_ddp_on_cpu(2)


@pytest.mark.full
def test_ddp_two_gloo_processes(gloo_run):
    assert gloo_run.returncode == 0, gloo_run.stderr[-3000:]
    out = gloo_run.stdout
    assert REPLICA_LINE.findall(out) == [("gloo", "2", "True")], out
    epochs = [(int(e), float(loss)) for e, loss in EPOCH_LINE.findall(out)]
    assert [e for e, _ in epochs] == [0, 1, 2, 3, 4], out
    losses = [loss for _, loss in epochs]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:])), losses
    # The model approaches the data's weights 2, -3, 0.5 and bias 1.
    learned = re.search(r"^learned weight \[(.*)\], bias (\S+)$", out, re.M)
    weight = [float(w) for w in learned.group(1).split(",")]
    assert all(abs(w - true) < 0.2 for w, true in zip(weight, [2.0, -3.0, 0.5], strict=True)), weight
    assert abs(float(learned.group(2)) - 1.0) < 0.2
    # Only rank 0 prints: five epoch lines, the check and the weights, nothing from rank 1.
    assert len(out.strip().splitlines()) == 7, out


@pytest.mark.full
def test_ddp_trains_like_one_process(gloo_run):
    """With the global batch fixed, two processes print what a single process prints."""
    single = run_ddp_on_cpu(1)
    assert single.returncode == 0, single.stderr[-3000:]
    assert REPLICA_LINE.findall(single.stdout) == [("gloo", "1", "True")]
    strip = lambda out: [line for line in out.splitlines() if not REPLICA_LINE.match(line)]  # noqa: E731
    assert strip(single.stdout) == strip(gloo_run.stdout)


@pytest.mark.full
@pytest.mark.skipif(torch.cuda.is_available(), reason="on a GPU machine the page launches NCCL, not gloo")
def test_page_output_is_deterministic(snippet, gloo_run):
    """The page's launch and a second, separate run print exactly the same lines."""
    assert snippet("gpu/ddp/launch.py")["result"].stdout == gloo_run.stdout


# --- the page's exercises (snippets/gpu/exercises.py): device-agnostic, they run on every machine -


@pytest.fixture(scope="module")
def exercises():
    """Each region's namespace (a shallow copy) and printed output, region by region as the page runs them."""
    return {name: (dict(ns), out) for name, ns, out in run_by_region("gpu/exercises.py")}


def test_exercise_buffer_plain_tensors_stay_behind_and_buffers_follow(exercises):
    """gpu-ex-buffer: .to() leaves a plain tensor attribute where it was (and state_dict() leaves it
    out), so the moved model mixes devices; registered as buffers, mean and std move and are saved."""
    ns, out = exercises["buffer_setup"]
    buggy = ns["model"]
    assert buggy.fc.weight.device.type == "meta" and buggy.mean.device.type == buggy.std.device.type == "cpu"
    assert list(buggy.state_dict()) == ["fc.weight", "fc.bias"]
    assert out.splitlines() == ["on the CPU: torch.Size([4, 1])",
                                "RuntimeError: Tensor on device cpu is not on the expected device meta!"]
    ns, out = exercises["buffer_solution"]
    fixed = ns["model"]
    assert all(t.device.type == "meta" for t in (fixed.mean, fixed.std, fixed.fc.weight, fixed.fc.bias))
    assert list(fixed.state_dict()) == ["mean", "std", "fc.weight", "fc.bias"]
    assert [name for name, _ in fixed.named_parameters()] == ["fc.weight", "fc.bias"]  # not for the optimizer
    # The fix computes what the original computed, and follows a dtype too.
    torch.manual_seed(0)
    old = exercises["buffer_setup"][0]["Standardized"]([1.0, 2.0, 3.0], [0.5, 0.5, 2.0])
    torch.manual_seed(0)
    new = ns["Standardized"]([1.0, 2.0, 3.0], [0.5, 0.5, 2.0])
    x = torch.randn(5, 3)
    assert torch.equal(old(x), new(x))
    assert new.to(torch.float64).mean.dtype == torch.float64 and old.to(torch.float64).mean.dtype == torch.float32
    assert out.splitlines()[1] == "after .to('meta'): meta meta meta"
    # The section's opening words: meta mixed with a CPU tensor fails, except a zero-dimensional one.
    meta = torch.ones(3, device="meta")
    assert (meta - torch.tensor(2.0)).device.type == "meta"
    for cpu in (torch.ones(1), torch.ones(3)):
        with pytest.raises(RuntimeError, match="is not on the expected device"):
            meta - cpu


def test_exercise_to_device_moves_every_tensor_of_a_nested_batch(exercises):
    """gpu-ex-to-device: every tensor of the batch on the target device, the structure and the
    strings unchanged, the original batch untouched; the setup's own line moved only the images."""
    ns, _ = exercises["to_device_setup"]
    assert all(box.device.type == "cpu" for box in ns["annotations"]["box"])
    ns, out = exercises["to_device_solution"]
    to_device, batch = ns["to_device"], ns["batch"]
    meta = torch.device("meta")
    nested = {"x": batch[0], "pair": (torch.ones(1), [torch.zeros(2), "label", 3]), "none": None}
    moved = to_device(nested, meta)
    assert moved["x"].device == meta and moved["none"] is None
    assert isinstance(moved["pair"], tuple) and isinstance(moved["pair"][1], list)
    assert moved["pair"][0].device == meta and moved["pair"][1][0].device == meta
    assert moved["pair"][1][1:] == ["label", 3]
    images, annotations = to_device(batch, meta)
    assert images.device == meta and images.shape == batch[0].shape
    assert [box.device for box in annotations["box"]] == [meta] * 4
    assert annotations["color"] == batch[1]["color"]
    assert batch[0].device.type == "cpu" and all(b.device.type == "cpu" for b in batch[1]["box"])
    if ns["device"].type == "cpu":  # nothing to move: .to() returns the same tensors
        same = to_device(batch, ns["device"])
        assert same[0] is batch[0] and all(a is b for a, b in zip(same[1]["box"], batch[1]["box"], strict=True))
    here = ns["device"].type
    assert out.splitlines()[0].startswith(f"{here}") and out.splitlines()[1].startswith("meta ['meta', 'meta', 'meta', 'meta']")


def test_exercise_sampler_pads_250_samples_to_252(exercises):
    """gpu-ex-sampler: 250 samples on 4 processes: 63 each, 252 in all, the first 2 indices of the
    epoch's shuffled order drawn twice; drop_last=True gives 62 each instead, 2 samples left out."""
    from torch.utils.data.distributed import DistributedSampler

    ns, out = exercises["sampler_solution"]
    drawn = ns["drawn"]
    assert [len(indices) for indices in drawn] == [63] * 4
    flat = [i for indices in drawn for i in indices]
    assert len(flat) == 252 and set(flat) == set(range(250))
    order = torch.randperm(250, generator=torch.Generator().manual_seed(0)).tolist()  # seed + epoch 0
    assert [i for rank in range(63) for i in (drawn[r][rank] for r in range(4))] == order + order[:2]
    assert sorted(order[:2]) == [44, 136]
    assert out.splitlines() == ["per process: [63, 63, 63, 63]", "in all: 252 | distinct: 250 | drawn twice: [44, 136]",
                                "drop_last=True, per process: [62, 62, 62, 62] | in all: 248"]
    dropped = [list(DistributedSampler(ns["dataset"], num_replicas=4, rank=r, shuffle=True, seed=0, drop_last=True))
               for r in range(4)]
    assert [len(d) for d in dropped] == [62] * 4 and len({i for d in dropped for i in d}) == 248


# --- CUDA only: make test GPU=1 -----------------------------------------------------------------


@pytest.mark.gpu
def test_cuda_calls(snippet):
    ns = snippet("gpu/cuda_calls.py")
    assert ns["a"].device == torch.device("cuda", 0)
    # The page's expectation: the numbers of torch.randn(3, 3) after seed 0 on the CPU, moved.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        assert torch.equal(ns["a"].cpu(), torch.randn(3, 3))
    assert ns["a_gpu"] is ns["a"] and repr(ns["a"]).endswith("device='cuda:0')")
    assert ns["returned"] is ns["b"]
    expected = 1 if torch.cuda.device_count() >= 2 else 0
    assert next(ns["b"].parameters()).device == torch.device("cuda", expected)


@pytest.mark.gpu
def test_cuda_visible_devices(snippet):
    ns = snippet("gpu/select_visible.py")
    assert ns["run_child"](ns["COUNT"], CUDA_VISIBLE_DEVICES="") == "0"
    assert ns["run_child"](ns["COUNT"], CUDA_VISIBLE_DEVICES="0") == "1"
    # Set after import torch but before any CUDA call, the variable still hides every GPU ...
    assert ns["run_child"](ns["IN_TIME"]) == "False"
    # ... set after is_available(), it changes nothing.
    assert ns["run_child"](ns["TOO_LATE"]).split() == ["True", "cuda:0"]


@pytest.mark.gpu
def test_set_device_and_explicit_devices(snippet):
    before = torch.cuda.current_device()
    ns = snippet("gpu/select_visible.py")
    assert torch.cuda.current_device() == before == ns["previous"]
    last = torch.cuda.device_count() - 1
    assert ns["x"].device == ns["y"].device == torch.device("cuda", last)


@pytest.mark.gpu
def test_dataparallel_replicas(snippet):
    ns = snippet("gpu/parallel_replicas.py")
    sizes = [len(part) for part in torch.arange(10).chunk(torch.cuda.device_count())]
    seen = sorted(ns["seen"])
    assert [shape[0] for _, shape in seen] == sizes  # one replica per chunk
    assert [device for device, _ in seen] == [f"cuda:{i}" for i in range(len(sizes))]
    assert ns["output"].shape == (10, 2) and ns["output"].device == torch.device("cuda", 0)
    assert ns["model"].fc.weight.grad.device == torch.device("cuda", 0)


@pytest.mark.gpu
def test_scatter_itself_uses_chunk():
    """comm.scatter (the C++ behind DataParallel's scatter) splits like chunk(), here on one GPU."""
    parts = torch.cuda.comm.scatter(torch.arange(10), devices=[0, 0, 0])
    assert [len(p) for p in parts] == [4, 4, 2]
    parts = torch.cuda.comm.scatter(torch.arange(6), devices=[0, 0, 0, 0])
    assert [len(p) for p in parts] == [2, 2, 2]
