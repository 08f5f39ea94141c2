"""The GPU profile switch and the recorded output of [gpu] cells, on this CPU machine."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest
import yaml

import gpu_recordings
import snippet_regions
from conftest import ROOT
from sitebuild import build, copy_tree

GPU_MODULE = '''"""A CUDA-only module for the tests."""
# %% on_gpu [gpu]
import torch

torch.ones(2, device="cuda") * 2
'''
PAGE = """---
orphan: true
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
# GPU test page

```{code-cell} ipython3
:snippet: gpu_test/cuda_only.py:on_gpu
```
"""
REF = "gpu_test/cuda_only.py:on_gpu"


def test_every_gpu_region_is_recorded_and_current_or_pending():
    """CPU profile check: no [gpu] cell without a recording (or a reason), none stale."""
    waiting = gpu_recordings.pending(ROOT)
    problems = []
    for module in sorted((ROOT / "snippets").rglob("*.py")):
        if module.name == "__init__.py":
            continue
        for name, region in snippet_regions.parse_regions(module).items():
            if not region.gpu:
                continue
            ref = f"{module.relative_to(ROOT / 'snippets').as_posix()}:{name}"
            try:
                data = gpu_recordings.load_recording(ROOT, ref, region)
            except snippet_regions.SnippetError as exc:
                problems.append(str(exc))
                continue
            if data is None and ref not in waiting:
                problems.append(f"{ref}: no recording and not listed in {gpu_recordings.PENDING}")
            if data is not None and ref in waiting:
                problems.append(f"{ref}: recorded, so remove it from {gpu_recordings.PENDING}")
    for ref in waiting:
        file, _, region = ref.rpartition(":")
        path = ROOT / "snippets" / file
        if not path.exists() or region not in snippet_regions.parse_regions(path):
            problems.append(f"{gpu_recordings.PENDING}: {ref} names no [gpu] region")
    assert not problems, "\n".join(problems)


def test_gpu_switch_fails_fast_without_cuda():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    proc = subprocess.run(["make", "html", "GPU=1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "GPU profile (GPU=1) needs CUDA" in proc.stdout + proc.stderr
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/test_pages_align.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**__import__("os").environ, "GPU": "1"},
    )
    assert tests.returncode == 3 and "needs CUDA" in tests.stdout + tests.stderr


def test_pending_needs_a_reason(tmp_path):
    (tmp_path / "docs" / "_gpu").mkdir(parents=True)
    (tmp_path / gpu_recordings.PENDING).write_text("# comment\ngpu/a.py:x\n")
    with pytest.raises(snippet_regions.SnippetError, match=r"pending.txt:2: give a reason"):
        gpu_recordings.pending(tmp_path)


def test_mixed_module_is_refused(tmp_path):
    path = tmp_path / "mixed.py"
    path.write_text('"""Doc."""\n# %% a [gpu]\nx = 1\n# %% b\ny = 2\n')
    with pytest.raises(snippet_regions.SnippetError, match="some regions are tagged"):
        snippet_regions.parse_regions(path)


@pytest.fixture
def gpu_tree(tmp_path):
    tree = copy_tree(tmp_path / "site", with_cache=True)
    (tree / "snippets" / "gpu_test").mkdir()
    (tree / "snippets" / "gpu_test" / "cuda_only.py").write_text(GPU_MODULE)
    (tree / "docs" / "en" / "gpu_test.md").write_text(PAGE)
    return tree


def page_text(tree) -> str:
    """The visible text of the built test page (tags stripped)."""
    raw = (tree / "_build/html/en/gpu_test.html").read_text()
    return html.unescape(re.sub(r"<[^>]+>", "", raw[raw.find('<article'):]))


def fake_recording(tree, code):
    """A recording as a GPU build writes it (test data in a temporary tree only)."""
    path = gpu_recordings.recording_path(tree, REF)
    path.parent.mkdir(parents=True, exist_ok=True)
    region_code = code.rstrip("\n")
    path.write_text(yaml.safe_dump({
        "snippet": REF, "code_sha256": gpu_recordings.code_hash(region_code),
        "provenance": {"gpu": "Test GPU", "gpu_count": 1, "driver": "1.0", "cuda": "13.0",
                       "torch": "2.14.1", "date": "2026-01-01"},
        "code": region_code + "\n", "output": "tensor([2., 2.], device='cuda:0')\n",
    }))


@pytest.mark.build
def test_gpu_cells_in_the_cpu_profile(gpu_tree):
    # 1. No recording, not pending: the build fails and names the cell.
    result = build(gpu_tree, "en")
    assert result.returncode != 0
    assert f"{REF}: [gpu] cell has no recording" in result.output
    # 2. Pending with a reason: the page shows the code and says that its output comes with the
    #    first GPU build; how to record is for contributors, not readers. Nothing executes it.
    with open(gpu_tree / gpu_recordings.PENDING, "a") as f:
        f.write(f"{REF} awaiting the first GPU build\n")
    result = build(gpu_tree, "en")
    assert result.returncode == 0, result.output
    page = page_text(gpu_tree)
    assert "will appear here after the first build on a GPU machine" in page
    assert "make html GPU=1" not in page and "recordings" not in page
    assert 'torch.ones(2, device="cuda")' in page
    assert "skip" not in page.lower()
    # 3. Recorded (and no longer pending): the page shows the output and its provenance.
    pending = gpu_tree / gpu_recordings.PENDING
    pending.write_text(pending.read_text().replace(f"{REF} awaiting the first GPU build\n", ""))
    code = snippet_regions.parse_regions(gpu_tree / "snippets/gpu_test/cuda_only.py")["on_gpu"].code
    fake_recording(gpu_tree, code)
    result = build(gpu_tree, "en")
    assert result.returncode == 0, result.output
    page = page_text(gpu_tree)
    assert "tensor([2., 2.], device='cuda:0')" in page and "Test GPU" in page and "2026-01-01" in page
    assert result.kernels == 0  # the [gpu] cell is never executed on the CPU
    # 4. The code changes after recording: the recording is stale and the build fails.
    module = gpu_tree / "snippets/gpu_test/cuda_only.py"
    module.write_text(module.read_text().replace("* 2", "* 3"))
    result = build(gpu_tree, "en")
    assert result.returncode != 0
    assert "stale recording" in result.output and "cuda_only.py" in result.output


@pytest.mark.build
def test_gpu_profile_records_what_it_executed(tmp_path, monkeypatch):
    """The recording path end to end, without a GPU: CUDA is reported available, and the
    [gpu] test region is CPU code, so the kernel can execute it here."""
    import torch
    from sphinx.application import Sphinx

    tree = copy_tree(tmp_path / "site")
    (tree / "snippets" / "gpu_test").mkdir()
    (tree / "snippets" / "gpu_test" / "cuda_only.py").write_text(GPU_MODULE.replace('device="cuda"', "dtype=torch.float64"))
    src = tree / "docs" / "mini"
    src.mkdir()
    (src / "index.md").write_text("# Mini\n\n```{toctree}\ngpu_test\n```\n")
    (src / "gpu_test.md").write_text(PAGE.replace("orphan: true\n", ""))
    fake = {"gpu": "Test GPU", "gpu_count": 1, "driver": "1.0", "cuda": "13.0", "torch": "2.14.1", "date": "2026-01-01"}
    monkeypatch.setenv("GPU", "1")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(gpu_recordings, "provenance", lambda: fake)
    app = Sphinx(str(src), str(tree), str(tree / "_build/mini"), str(tree / "_build/mini-doctrees"), "html",
                 confoverrides={"language": "en"}, status=None, warning=None, freshenv=True)
    app.build()
    assert app.statuscode == 0
    recording = yaml.safe_load(gpu_recordings.recording_path(tree, REF).read_text())
    assert recording["output"] == "tensor([2., 2.], dtype=torch.float64)\n"
    assert recording["provenance"] == fake and recording["snippet"] == REF
    region = snippet_regions.parse_regions(tree / "snippets/gpu_test/cuda_only.py")["on_gpu"]
    assert gpu_recordings.load_recording(tree, REF, region)["code"].rstrip("\n") == region.code
