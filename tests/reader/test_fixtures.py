"""The browser tests take their contexts from pytest-playwright, which closes them (issue 26).

pytest-playwright's ``new_context`` fixture (and ``context`` and ``page``, made with it) closes
every context it made when the test ends, passed or failed; tests/conftest.py keeps a screenshot
of each tab still open when a test fails (test-artifacts/playwright/). A context made with
``browser.new_context()`` or a tab made with ``browser.new_page()`` in a test leaks when an
assertion fails before the test closes it by hand, and a tab closed by hand before the assertion
leaves nothing to look at. So, read
from the sources of tests/ (statically, since a fixture is not something a test can watch
from the outside):

* no call of ``.new_context(...)`` on anything (the fixture is called by its name,
  ``new_context(...)``), and no ``.new_page(...)`` on a browser (a ``browser``/``chromium``
  name, or a parameter that asks for the ``browser`` fixture); no test or fixture asks for
  ``browser`` at all, but for the few in ``OWN_BROWSER_CONTEXTS``, each with its reason;
* no tab or context closed by hand (``tab.close()``, ``context.close()``), but where the
  line says why, in a comment that starts ``# closed by hand:`` (a test that checks what
  the tab reports as it closes);
* no test parameter and no fixture named ``page``, ``context``, ``new_context`` or
  ``browser`` other than pytest-playwright's own: a parametrized ``page`` (a path) or a
  module's own ``context`` fixture hides the plugin's from the whole test.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import SIZES, failure_screenshots, open_page
from tests.helpers import LANGS, ROOT

TESTS = ROOT / "tests"
# pytest-playwright's fixtures that a test must not shadow.
PLAYWRIGHT_FIXTURES = {"page", "context", "new_context", "browser"}
# Names that stand for the session's browser in these sources.
BROWSER_NAMES = {"browser", "chromium"}
# Names that stand for a tab or a context in these sources.
TAB_NAMES = {"tab", "page", "context", "ctx"}
# (file, function) -> why it asks for the browser itself rather than for new_context.
OWN_BROWSER_CONTEXTS = {
    ("tests/build/test_math.py", "test_long_display_formula_scrolls_in_its_box_on_a_phone"):
        "serves its own tiny build, not _build/html: new_context would serve the built site (base_url) too",
    ("tests/build/test_languages.py", "test_third_language_search_finds_its_page"):
        "serves its own trilingual build, not _build/html: new_context would serve the built site (base_url) too",
    ("tests/conftest.py", "warm_tabs"):
        "the session's warm tabs (tests.browser.WarmTabs), which outlive a test: new_context closes its contexts"
        " when each test ends",
}


def sources() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "mini" not in p.relative_to(TESTS).parts)


def decorator_name(node: ast.expr) -> str:
    """``pytest.mark.parametrize`` for ``@pytest.mark.parametrize(...)``, ``pytest.fixture`` for ``@pytest.fixture``."""
    node = node.func if isinstance(node, ast.Call) else node
    return ast.unparse(node)


def parametrized_names(function: ast.FunctionDef) -> set[str]:
    names = set()
    for decorator in function.decorator_list:
        if decorator_name(decorator) == "pytest.mark.parametrize" and decorator.args:
            first = decorator.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names |= {n.strip() for n in first.value.split(",")}
            elif isinstance(first, (ast.Tuple, ast.List)):
                names |= {e.value for e in first.elts if isinstance(e, ast.Constant)}
    return names


def is_fixture(function: ast.FunctionDef) -> bool:
    return any(decorator_name(d) == "pytest.fixture" for d in function.decorator_list)


def problems_in(source: str, rel: str) -> list[str]:
    """What in ``source`` (the file ``rel``, from the repository root) goes around pytest-playwright's fixtures."""
    tree = ast.parse(source, filename=rel)
    lines = source.splitlines()
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    for function in functions:
        where = f"{rel}:{function.lineno} {function.name}"
        params = {a.arg for a in function.args.args + function.args.kwonlyargs}
        shadowed = parametrized_names(function) & PLAYWRIGHT_FIXTURES
        if shadowed:
            found.append(f"{where}: parametrizes {sorted(shadowed)}, which hides pytest-playwright's fixture")
        if is_fixture(function) and function.name in PLAYWRIGHT_FIXTURES:
            found.append(f"{where}: a fixture named {function.name!r} hides pytest-playwright's")
        test_or_fixture = function.name.startswith("test") or is_fixture(function)
        if test_or_fixture and "browser" in params and (rel, function.name) not in OWN_BROWSER_CONTEXTS:
            found.append(f"{where}: asks for the browser itself; take contexts from new_context (or context, page)")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner, method = node.func.value, node.func.attr
        name = owner.id if isinstance(owner, ast.Name) else None
        where = f"{rel}:{node.lineno} {ast.unparse(node.func)}()"
        if (method == "new_context" or method == "new_page" and name in BROWSER_NAMES) and not any(
                rel == f and function.name == fn and function.lineno <= node.lineno <= function.end_lineno
                for (f, fn) in OWN_BROWSER_CONTEXTS for function in functions):
            found.append(f"{where}: a context of its own; use pytest-playwright's new_context fixture")
        if method == "close" and name in TAB_NAMES and "# closed by hand:" not in lines[node.lineno - 1]:
            found.append(f"{where}: closed by hand; new_context closes it when the test ends")
    return found


def test_every_browser_context_comes_from_pytest_playwright():
    found = [problem for path in sources()
             for problem in problems_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())]
    assert found == [], f"{len(found)} problem(s):\n" + "\n".join(found)


def test_the_check_sees_each_way_of_going_around_the_fixtures():
    """The check above finds each pattern it is for (so that it cannot pass by seeing nothing)."""
    source = '''
import pytest

@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()

@pytest.mark.parametrize("page", ["index.html"])
def test_a(browser, page):
    tab = browser.new_page()
    tab.close()

def test_b(new_context, page):
    tab = new_context().new_page()
    page.goto("index.html")
    tab.close()  # closed by hand: the check is of what it reports as it closes
'''
    found = problems_in(source, "tests/reader/probe.py")
    kinds = sorted({f.split(": ", 1)[1].split(";")[0].split(",")[0] for f in found})
    assert kinds == sorted({
        "a fixture named 'context' hides pytest-playwright's",
        "asks for the browser itself",
        "parametrizes ['page']",
        "a context of its own",
        "closed by hand",
    }), found
    assert not [f for f in found if "test_b" in f], "test_b uses the fixtures as meant"



# --- the warm tabs and the screenshots of a failed test -------------------------------------------

STATE_JS = """async () => ({
    local: Object.entries(localStorage).sort(), session: Object.entries(sessionStorage).sort(),
    cookie: document.cookie, width: innerWidth, dark: matchMedia('(prefers-color-scheme: dark)').matches,
    clipboard: (await navigator.permissions.query({name: 'clipboard-read'})).state,
    title: document.title})"""


@pytest.mark.full  # a check of the test machinery, not of the site: CI runs it
@pytest.mark.browser
def test_warm_tab_is_reset_as_a_fresh_context_would_be(warm_tab, new_context):
    """What a test leaves on a warm tab (storage, cookies, permissions, routes, window size,
    colour scheme) is gone when the next test takes it: the page then sees what it sees in a
    fresh context."""
    start = f"{LANGS[0]}/index.html"
    fresh = open_page(new_context, start, "phone", "light").evaluate(STATE_JS)
    tab = warm_tab(start, "phone", "dark")
    tab.evaluate("() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');"
                 " document.cookie = 'left=1; path=/'; }")
    tab.context.grant_permissions(["clipboard-read"])
    tab.route("**/index.html", lambda route: route.fulfill(content_type="text/html", body="<title>routed</title>"))
    tab.set_viewport_size({"width": 500, "height": 500})
    assert tab.evaluate(STATE_JS) != fresh  # the probe sees what a test leaves
    again = warm_tab(start, "phone", "light")
    assert again is tab  # the same tab, which is the point
    assert again.evaluate(STATE_JS) == fresh
    assert fresh["title"] != "routed" and fresh["width"] == SIZES["phone"]["viewport"]["width"]


@pytest.mark.full  # a check of the test machinery, not of the site: CI runs it
@pytest.mark.browser
def test_failure_screenshots_take_each_open_tab_but_the_skipped(warm_tab, tmp_path):
    tab = warm_tab(f"{LANGS[0]}/index.html")
    browser = tab.context.browser
    open_tabs = [t for context in browser.contexts for t in context.pages]
    shots = failure_screenshots(tmp_path, f"tests/reader/probe.py::test_x[{LANGS[0]}/a.html]", browser)
    assert [s.relative_to(tmp_path).as_posix() for s in shots] == [  # the node id made a folder name
        f"tests-reader-probe.py-test_x-{LANGS[0]}-a.html/test-failed-{n}.png" for n in range(1, len(open_tabs) + 1)]
    assert all(s.read_bytes().startswith(b"\x89PNG") for s in shots)
    assert len(failure_screenshots(tmp_path / "skip", "t", browser, skip=[tab])) == len(open_tabs) - 1


PROBE = '''
from notesite.core import languages

def test_fails_on_a_warm_tab(warm_tab):
    warm_tab(f"{languages.FIRST.code}/index.html", "phone")
    assert False

def test_fails_on_a_fresh_context(new_context):
    new_context().new_page().goto(f"{languages.FIRST.code}/index.html")
    assert False

def test_passes(warm_tab, new_context):
    warm_tab(f"{languages.FIRST.code}/index.html")
    new_context().new_page().goto(f"{languages.FIRST.code}/index.html")
'''


@pytest.mark.full
@pytest.mark.browser
def test_a_failed_test_leaves_a_screenshot_of_the_tabs_it_used(tmp_path):
    """Through pytest itself: tests/conftest.py's report hook screenshots a failed test's tabs (its
    warm tab, but not the warm tabs of other sizes; a fresh context's tab), and a passing test
    leaves nothing."""
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F401,F403\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-c", str(ROOT / "pytest.ini"),
                           "--rootdir", str(tmp_path), "--confcutdir", str(tmp_path), "--output", str(out),
                           str(tmp_path / "test_probe.py")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "2 failed, 1 passed" in proc.stdout, proc.stdout + proc.stderr
    found = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert [f.split("test_probe.py-", 1)[1] for f in found] == [
        "test_fails_on_a_fresh_context-chromium/test-failed-1.png",  # not the warm tab the test did not use
        "test_fails_on_a_warm_tab-chromium/test-failed-1.png"], found


def test_the_browser_is_the_headless_build_where_there_is_one():
    """chromium-headless-shell when the machine has it (make browser installs it), the full chromium
    where only that is installed, and the headless build's usual path (for the error message of
    tests/conftest.py) where neither is."""
    from notesite.core import paths

    def on_path(*names):
        return lambda name: f"/usr/bin/{name}" if name in names else None

    assert paths.find_chromium(on_path("chromium", "chromium-headless-shell")) == "/usr/bin/chromium-headless-shell"
    assert paths.find_chromium(on_path("chromium")) == "/usr/bin/chromium"
    assert paths.find_chromium(on_path()) == "/usr/bin/chromium-headless-shell"
