"""The collection rules for the whole repository: snippet doctests, the warning gate, the GPU switch.

It sits at the repository root because pytest asks a conftest only about paths below
it, and the doctest rules below are about snippets/. The fixtures are in the conftest of
the test folder that uses them: ``tests/conftest.py`` (those more than one folder uses),
``tests/build/conftest.py`` (the mini-site). The markers are declared in pytest.ini; how
tests are shared between workers is ``tests/scheduling.py``, a plugin loaded below.

Tiers: ``make test`` runs ``-m "not full"`` (the fast tier), ``make test-all`` runs
everything. Collection needs no built site: what needs one fails in the test, saying
"run make html first".
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from notesite.core import paths

from notesite.core import snippet_regions

ROOT = Path(__file__).resolve().parent

# How the tests are shared between pytest-xdist workers, and why not xdist's loadgroup.
pytest_plugins = ("tests.scheduling",)


def pytest_ignore_collect(collection_path, config):
    """Doctests: import a snippet module only when it has docstring examples.

    Importing a snippet module runs it; the tests run every module (once per session),
    so modules without ``>>>`` examples are not imported a second time, and [gpu]
    modules are imported only in the GPU profile.
    """
    path = Path(collection_path)
    if path.suffix != ".py" or ROOT / "snippets" not in path.parents:
        return None
    if ">>>" not in path.read_text(encoding="utf-8"):
        return True
    return path.name != "__init__.py" and snippet_regions.is_gpu_module(path) and not paths.gpu_profile()


def _gate_for(path):
    """The warning gate (docs/_ipython/warning_gate.py) for code under snippets/, else nothing."""
    if ROOT / "snippets" not in Path(path).parents:
        return contextlib.nullcontext()
    from tests.helpers import warning_gate

    return warning_gate.gate()


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """Importing a snippet module for its doctests runs it: under the warning gate, as in the build."""
    with _gate_for(collector.path):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A doctest in a snippet module runs under the warning gate too."""
    with _gate_for(item.path):
        return (yield)


def pytest_configure(config):
    if paths.gpu_profile():  # make test GPU=1: stop at once without CUDA, saying why
        from notesite.ext.gpu_recordings import require_cuda
        from sphinx.errors import ConfigError

        try:
            require_cuda()
        except ConfigError as exc:
            pytest.exit(str(exc), returncode=3)


def pytest_collection_modifyitems(config, items):
    skip_gpu = pytest.mark.skip(reason="GPU profile only: run `make test GPU=1` on a CUDA machine")
    for item in items:
        if "gpu" in item.keywords and not paths.gpu_profile():
            item.add_marker(skip_gpu)


def pytest_terminal_summary(terminalreporter):
    """What tests report to the reader, with ``record_property("report", line)`` (the PDFs' sizes)."""
    lines = [value for report in terminalreporter.stats.get("passed", [])
             for name, value in report.user_properties if name == "report"]
    if lines:
        terminalreporter.section("reported by the tests")
        for line in lines:
            terminalreporter.write_line(line)
