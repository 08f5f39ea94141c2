"""Every snippet module runs, and leaves torch's global state as it found it.

A page runs its sections' modules one after another in one kernel, so a module that
changes a global setting (the default dtype, deterministic mode, grad mode) must
restore it, or it would silently change the output of the sections that follow.
Each module runs once per test session, in process (the ``snippet`` fixture), and the
tests that need its objects share that run; the state check uses the same run.

"Runs as a script" is tested in the full tier as README and the download links promise,
``python snippets/<path>.py``: in a process of its own whose ``sys.argv``, ``sys.path[0]``
(the module's own folder), ``__main__``, standard streams, exit status and end are a fresh
interpreter's, forked from one that has imported torch once (tests/content/scripts.py; a
probe script run both ways shows the same). A fresh interpreter puts the module's folder
first on sys.path, so a file there named like a module that Python or torch imports when it
starts (``types.py``, ``cuda.py``) breaks ``import torch``: a forked run cannot show that,
so the names are checked against the modules imported before the fork.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest

from tests.content.scripts import ScriptRunner
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


READER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # as a reader runs a script


@pytest.fixture(scope="module")
def scripts():
    runner = ScriptRunner(ROOT, READER_ENV)
    yield runner
    runner.close()


PROBE = textwrap.dedent("""\
    import atexit, json, os, sys, threading, time
    atexit.register(lambda: print("atexit handler ran"))
    threading.Thread(target=lambda: (time.sleep(0.2), print("thread joined"))).start()
    out = open(os.path.join(os.path.dirname(__file__), "left-open.txt"), "w")
    out.write("flushed at exit")  # never closed
    def f(x: int) -> None: pass  # evaluated annotations, as without "from __future__ import annotations"
    print(json.dumps({"name": __name__, "file": __file__, "argv": sys.argv, "path0": sys.path[0],
                      "annotations": repr(f.__annotations__),
                      "spec": repr(__spec__), "main": sys.modules["__main__"].__file__, "stdin": sys.stdin.read(),
                      "cwd": os.getcwd()}))
    print("to stderr", file=sys.stderr)
    sys.exit(os.environ.get("PROBE_EXIT", 3))
""")


@pytest.mark.full
def test_the_runner_runs_a_file_as_python_does(scripts, tmp_path):
    """The probe run by the script runner and by ``python``: the same output, error output,
    exit status and file left open, for a script that ends normally and one that raises."""
    probe = tmp_path / "probe.py"
    raising = tmp_path / "raising.py"
    raising.write_text("def f():\n    raise ValueError('from the script')\nf()\n", encoding="utf-8")
    for source in (PROBE, None):
        if source is not None:
            probe.write_text(source, encoding="utf-8")
        script = probe if source is not None else raising
        left = tmp_path / "left-open.txt"
        left.unlink(missing_ok=True)
        forked = scripts.run(str(script))
        kept = left.read_text(encoding="utf-8") if left.exists() else None
        left.unlink(missing_ok=True)
        real = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=READER_ENV, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=300)
        assert (forked.returncode, forked.stdout) == (real.returncode, real.stdout), (forked, real)
        assert kept == (left.read_text(encoding="utf-8") if left.exists() else None)
        if source is not None:
            assert forked.stderr == real.stderr and real.returncode == 3 and "atexit handler ran" in real.stdout
        else:  # the same error, last line of the traceback (the runner's frames come before the script's)
            assert real.returncode == 1 and forked.stderr.splitlines()[-1] == real.stderr.splitlines()[-1]


@pytest.mark.full
def test_no_file_beside_a_snippet_shadows_what_torch_imports(scripts):
    """``python snippets/<path>.py`` puts the module's folder first on sys.path: no file or folder
    there may be named like a module imported before the script's first line (torch's, Python's)."""
    shadowing = []
    for folder in {(ROOT / "snippets" / m).parent for m in MODULES}:
        for entry in folder.iterdir():
            name = entry.stem if entry.suffix == ".py" else entry.name if entry.is_dir() else None
            if name in scripts.preloaded:
                shadowing.append(entry.relative_to(ROOT).as_posix())
    assert shadowing == [], f"named like a module torch or Python imports first: {sorted(shadowing)}"
    assert {"torch", "types", "os"} <= scripts.preloaded


@pytest.mark.full
@pytest.mark.parametrize("module", [pytest.param(m, marks=marks(m)) for m in MODULES])
def test_snippet_runs_as_a_script(scripts, module):
    proc = scripts.run(f"snippets/{module}", timeout=300)
    assert proc.returncode == 0, f"python snippets/{module} exited with {proc.returncode}:\n{proc.stderr[-3000:]}"
