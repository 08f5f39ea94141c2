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
# scheme); either way pytest-playwright closes them when the test ends, passed or failed. A test
# that reads or works a page, and needs no fresh context, takes ``warm_tab`` (below): a tab kept
# open per window size, reset between tests, about half the CPU time per page. A failed
# test leaves a screenshot of each tab it had open (below; pytest.ini: test-artifacts/playwright/).


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


WARM_TABS = pytest.StashKey[object]()  # the session's tests.browser.WarmTabs, once made
WARM_TABS_USED = pytest.StashKey[list]()  # the warm tabs a test took


@pytest.fixture(scope="session")
def warm_tabs(browser, browser_context_args, base_url, request):
    """The worker's warm tabs, one per window size (tests.browser.WarmTabs, which says why)."""
    from tests.browser import WarmTabs

    tabs = WarmTabs(lambda **options: browser.new_context(**{**browser_context_args, **options}), base_url)
    request.config.stash[WARM_TABS] = tabs  # for the screenshots of a failed test (below)
    yield tabs
    del request.config.stash[WARM_TABS]
    tabs.close()


@pytest.fixture
def warm_tab(warm_tabs, request):
    """``warm_tab(path, size="desktop", scheme="light")``: the warm tab of that window size, reset
    as a fresh context would be, at ``path`` in that colour scheme. For a test that reads a page
    or works it (clicks, keys) and needs no fresh context: not one that measures a first visit,
    the network or the first paint, nor one that adds init scripts (tests.browser.WarmTabs)."""
    used = request.node.stash.setdefault(WARM_TABS_USED, [])

    def open_tab(path: str, size: str = "desktop", scheme: str = "light", **options):
        tab = warm_tabs.open(path, size, scheme, **options)
        used.append(tab)
        return tab

    return open_tab


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves a screenshot of each tab it had open, taken when it failed
    (test-artifacts/playwright/<test>/test-failed-N.png): the tabs of the contexts still open (a
    test's own close when it ends) and the warm tabs it used. pytest-playwright's own
    ``--screenshot only-on-failure`` is not used: it screenshots every tab of every test as its
    context closes, passed or not, because it knows the outcome only later (about 0.1 s a tab)."""
    report = yield
    browser = getattr(item, "funcargs", {}).get("browser")
    if report.failed and report.when in ("setup", "call") and browser is not None:
        from tests.browser import failure_screenshots

        warm, used = item.config.stash.get(WARM_TABS, None), item.stash.get(WARM_TABS_USED, [])
        skip = warm.unused(used) if warm else []
        shots = failure_screenshots(Path(item.config.getoption("--output")), item.nodeid, browser, skip)
        if shots:
            report.sections.append(("screenshots", "\n".join(str(s) for s in shots)))
    return report


def pytest_configure(config):
    """Rarer full collections of the cycle collector in the test processes.

    A worker holds about 600,000 objects for the whole session (torch's modules, the fixtures'
    pages and sites), and each full collection walks them all, about 0.2 s. The tests make
    cycles by the hundred thousand (each parsed page is a tree of parents and children), and
    Python 3.11 runs a full collection once the middle generation has been collected as often as
    the third threshold says and the objects new to the oldest generation reach a quarter of
    those already there. With the default threshold (10) a worker of the fast tier ran 11 to 18
    full collections (2.3 to 3.4 s of its 3.4 to 3.9 s of garbage collection); with 100, two or
    three (0.7 to 1.0 s of 1.4 to 1.7 s), for 3 to 5 % more peak memory (890 to 950 MB a worker).
    The young collections, which free most cycles, stay as they are."""
    import gc

    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """The last ``pytest_unconfigure`` (pytest's own, whose cleanup collects cycles to find
    unraisable exceptions, has run): from here to the exit, nothing is collected again.

    At exit Python clears each module and runs its cycle collector over every object still
    alive (torch's modules and all that the session's fixtures kept), 2 to 3 s in a worker of
    the fast tier, while the main process waits for its workers to stop. ``gc.freeze()`` moves
    them all out of the collector's reach; objects are still freed by their reference counts,
    and the atexit handlers (pytest's, weakref.finalize's) still run. An object held only by a
    reference cycle is not finalized: the fixtures, torn down before this, close their files."""
    import gc

    gc.freeze()
