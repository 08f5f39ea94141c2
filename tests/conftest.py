"""Fixtures that tests in more than one folder use: the repository, the snippet modules run
in process once per session, and the built site in headless Chromium (pytest-playwright's
fixtures, with the browser and the base URL set here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def snippet_runs():
    from tests.helpers import SnippetRuns

    return SnippetRuns()


@pytest.fixture(scope="session")
def snippet(snippet_runs):
    """``snippet("tensors/basics/size.py")``: the module's namespace, run once per session."""
    return snippet_runs


# --- the browser: pytest-playwright's fixtures, on Debian's Chromium and the built site ---------
# A test takes its tabs from pytest-playwright's ``page`` (a tab of a fresh context), or opens
# contexts with its ``new_context`` factory (tests.browser.open_page: a window size and colour
# scheme); either way pytest-playwright closes them when the test ends, passed or failed, and
# keeps a screenshot of each tab of a failed test (pytest.ini: test-artifacts/playwright/).


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with the flags a machine without network needs."""
    from tests import browser

    if not Path(browser.CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (make browser)")
    return {**browser_type_launch_args, "executable_path": browser.CHROMIUM, "args": browser.CHROMIUM_ARGS,
            "headless": True}


@pytest.fixture(scope="session")
def base_url():
    """The built site served on localhost the way `make serve` does (404 page included), once per
    session (per pytest-xdist worker); its URL ends in "/". pytest-playwright's
    ``browser_context_args`` gives every context this base URL, so tests open pages by their
    path under _build/html: ``tab.goto(f"{code}/tensors/basics.html")``."""
    from tests import browser

    with browser.serve() as url:
        yield url + "/"
