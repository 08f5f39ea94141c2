"""The project's one conftest: collection rules, the GPU switch and the shared fixtures.

It sits at the repository root because pytest asks a conftest only about paths below
it, and the doctest rule below is about snippets/. Plain helpers live in
``tests/helpers.py`` and ``tests/browser.py`` (pytest.ini puts tests/ on sys.path);
the markers are declared in pytest.ini; how tests are shared between workers is
``tests/scheduling.py``, a plugin loaded below.

Tiers: ``make test`` runs ``-m "not full"`` (the fast tier), ``make test-all`` runs
everything. Collection needs no built site: what needs one fails in the test, saying
"run make html first".
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

import sitebuild
import snippet_regions

ROOT = Path(__file__).resolve().parent

# How the tests are shared between pytest-xdist workers, and why not xdist's loadgroup.
pytest_plugins = ("scheduling",)


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
    return path.name != "__init__.py" and snippet_regions.is_gpu_module(path) and not sitebuild.gpu_profile()


def _gate_for(path):
    """The warning gate (docs/_ipython/warning_gate.py) for code under snippets/, else nothing."""
    if ROOT / "snippets" not in Path(path).parents:
        return contextlib.nullcontext()
    from helpers import warning_gate

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
    if sitebuild.gpu_profile():  # make test GPU=1: stop at once without CUDA, saying why
        from gpu_recordings import require_cuda
        from sphinx.errors import ConfigError

        try:
            require_cuda()
        except ConfigError as exc:
            pytest.exit(str(exc), returncode=3)


def pytest_collection_modifyitems(config, items):
    skip_gpu = pytest.mark.skip(reason="GPU profile only: run `make test GPU=1` on a CUDA machine")
    for item in items:
        if "gpu" in item.keywords and not sitebuild.gpu_profile():
            item.add_marker(skip_gpu)


def pytest_terminal_summary(terminalreporter):
    """What tests report to the reader, with ``record_property("report", line)`` (the PDFs' sizes)."""
    lines = [value for report in terminalreporter.stats.get("passed", [])
             for name, value in report.user_properties if name == "report"]
    if lines:
        terminalreporter.section("reported by the tests")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def snippet_runs():
    from helpers import SnippetRuns

    return SnippetRuns()


@pytest.fixture(scope="session")
def snippet(snippet_runs):
    """``snippet("tensors/basics/size.py")``: the module's namespace, run once per session."""
    return snippet_runs


# --- the mini-site (tests/minisite.py): one per session, at a fixed path -----------------------


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory):
    """The mini-site, built from clean in every language; ``.clean`` holds those builds,
    ``.published`` the files they published (before any test rebuilds the site)."""
    from minisite import MiniSite

    site = MiniSite(tmp_path_factory.mktemp("mini") / "site")
    site.clean = site.build_all()
    site.published = sitebuild.published_files(site.tree)
    site.keep()  # `mini` puts this built tree back after a test that built the site
    return site


@pytest.fixture
def mini(mini_site):
    """The mini-site, built and unedited, at the start of each test that asks for it."""
    mini_site.settle()
    return mini_site


# --- the browser: one Chromium for the whole session (pytest-playwright's `browser`) ---------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with the flags a machine without network needs."""
    import browser

    if not Path(browser.CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (make browser)")
    return {**browser_type_launch_args, "executable_path": browser.CHROMIUM, "args": browser.CHROMIUM_ARGS,
            "headless": True}


@pytest.fixture(scope="session")
def site_url():
    """The built site served on localhost the way `make serve` does (404 page included)."""
    import browser

    with browser.serve() as url:
        yield url


@pytest.fixture(scope="session")
def site(site_url, browser):
    """(base URL, browser): the built site on localhost, and the session's headless Chromium."""
    return site_url, browser
