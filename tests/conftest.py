"""Fixtures that tests in more than one folder use: the repository, the snippet modules run
in process once per session, and the built site in headless Chromium."""

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


# --- the browser: one Chromium for the whole session (pytest-playwright's `browser`) ---------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with the flags a machine without network needs."""
    from tests import browser

    if not Path(browser.CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (make browser)")
    return {**browser_type_launch_args, "executable_path": browser.CHROMIUM, "args": browser.CHROMIUM_ARGS,
            "headless": True}


@pytest.fixture(scope="session")
def site_url():
    """The built site served on localhost the way `make serve` does (404 page included)."""
    from tests import browser

    with browser.serve() as url:
        yield url


@pytest.fixture(scope="session")
def site(site_url, browser):
    """(base URL, browser): the built site on localhost, and the session's headless Chromium."""
    return site_url, browser
