"""Every snippet module runs as a script, and leaves torch's global state as it found it.

"Runs as a script" is tested literally (``python snippets/<path>.py`` in a new
process, as README and the download links promise): Python then puts the module's
own folder first on sys.path, so a module named like a stdlib or installed module
(``types.py``, ``cuda.py``) breaks ``import torch``, which runpy cannot show.

A page runs its sections' modules one after another in one kernel, so a module that
changes a global setting (the default dtype, deterministic mode, grad mode) must
restore it, or it would silently change the output of the sections that follow.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import torch

import page_alignment
import snippet_regions
from conftest import ROOT, run_snippet

MODULES = [p.relative_to(ROOT / "snippets").as_posix() for p in page_alignment.snippet_modules(ROOT)]


def torch_state():
    return {
        "default_dtype": torch.get_default_dtype(),
        "deterministic": torch.are_deterministic_algorithms_enabled(),
        "grad_enabled": torch.is_grad_enabled(),
        "num_threads": torch.get_num_threads(),
    }


def test_modules_found():
    assert len(MODULES) >= 5, MODULES


PARAMS = [
    pytest.param(m, marks=pytest.mark.gpu) if snippet_regions.is_gpu_module(ROOT / "snippets" / m) else m
    for m in MODULES
]


@pytest.mark.parametrize("module", PARAMS)
def test_snippet_runs_and_restores_state(module):
    before = torch_state()
    run_snippet(module)
    assert torch_state() == before, f"snippets/{module} changed torch's global state"


@pytest.mark.parametrize("module", PARAMS)
def test_snippet_runs_as_a_script(module):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # as a reader runs it
    proc = subprocess.run(
        [sys.executable, f"snippets/{module}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"python snippets/{module} exited with {proc.returncode}:\n{proc.stderr[-3000:]}"
