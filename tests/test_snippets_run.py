"""Every snippet module runs as a script, and leaves torch's global state as it found it.

A page runs its sections' modules one after another in one kernel, so a module that
changes a global setting (the default dtype, deterministic mode, grad mode) must
restore it, or it would silently change the output of the sections that follow.
"""

from __future__ import annotations

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


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(m, marks=pytest.mark.gpu) if snippet_regions.is_gpu_module(ROOT / "snippets" / m) else m
        for m in MODULES
    ],
)
def test_snippet_runs_and_restores_state(module):
    before = torch_state()
    run_snippet(module)
    assert torch_state() == before, f"snippets/{module} changed torch's global state"
