"""Every snippet module runs, and leaves torch's global state as it found it.

A page runs its sections' modules one after another in one kernel, so a module that
changes a global setting (the default dtype, deterministic mode, grad mode) must
restore it, or it would silently change the output of the sections that follow.
Each module runs once per test session, in process (the ``snippet`` fixture), and the
tests that need its objects share that run; the state check uses the same run.

"Runs as a script" is tested literally in the full tier (``python snippets/<path>.py``
in a new process, as README and the download links promise): Python then puts the
module's own folder first on sys.path, so a module named like a stdlib or installed
module (``types.py``, ``cuda.py``) breaks ``import torch``, which an in-process run
cannot show.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.helpers import HEAVY_MODULES, ROOT, is_gpu_module, snippet_modules
from tests.scheduling import MINI_SITE_FILES, SLOW_FIRST, SNIPPET_HEAVY_FILES, work_unit

MODULES = snippet_modules()


def test_every_module_is_collected():
    """MODULES is what page_alignment finds; compare with a walk of snippets/ done here."""
    walked = sorted(
        p.relative_to(ROOT / "snippets").as_posix() for p in (ROOT / "snippets").rglob("*.py") if p.name != "__init__.py"
    )
    assert sorted(MODULES) == walked
    assert HEAVY_MODULES <= set(MODULES), f"HEAVY_MODULES names modules that do not exist: {HEAVY_MODULES - set(MODULES)}"


def test_files_that_share_a_session_fixture_share_a_worker():
    """A test file that runs a slow module in process must be in SNIPPET_HEAVY_FILES, or the
    module runs again in the other pytest-xdist worker (its session cache is per worker)."""
    naming = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")
              if any(f'"{m}"' in p.read_text(encoding="utf-8") for m in HEAVY_MODULES)}
    assert naming <= SNIPPET_HEAVY_FILES, naming - SNIPPET_HEAVY_FILES
    assert {work_unit(f"{name}::test") for name in SNIPPET_HEAVY_FILES} == {"snippet-modules"}
    assert work_unit("tests/content/test_nn.py::test_x[a::b]") == "tests/content/test_nn.py"
    using_mini = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")
                  if re.search(r"def test_\w+\([^)]*\bmini(_site)?\b", p.read_text(encoding="utf-8"))}
    assert using_mini == MINI_SITE_FILES, "the files that use the mini-site and scheduling.MINI_SITE_FILES differ"
    assert {work_unit(f"{name}::test") for name in MINI_SITE_FILES} == {"mini-site"}
    missing = [unit for unit in SLOW_FIRST if unit not in ("snippet-modules", "mini-site") and not (ROOT / unit).is_file()]
    assert missing == [], f"scheduling.SLOW_FIRST names test files that do not exist: {missing}"


def marks(module: str) -> list:
    found = []
    if is_gpu_module(module):
        found.append(pytest.mark.gpu)
    if module in HEAVY_MODULES:
        found.append(pytest.mark.full)
    return found


@pytest.mark.parametrize("module", [pytest.param(m, marks=marks(m)) for m in MODULES])
def test_snippet_runs_and_restores_state(snippet, snippet_runs, module):
    snippet(module)
    before, after = snippet_runs.state_changes[module]
    assert after == before, f"snippets/{module} changed torch's global state"


@pytest.mark.full
@pytest.mark.parametrize("module", [pytest.param(m, marks=marks(m)) for m in MODULES])
def test_snippet_runs_as_a_script(module):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # as a reader runs it
    proc = subprocess.run(
        [sys.executable, f"snippets/{module}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"python snippets/{module} exited with {proc.returncode}:\n{proc.stderr[-3000:]}"
