"""Browser-test helpers: serve the built site on localhost, list its pages, pick the samples,
open a page at a window size and in a colour scheme.

The browser is pytest-playwright's: its session-wide ``browser`` is Debian's Chromium
(tests/conftest.py), and its ``base_url`` is the built site served on localhost, so every
context opens pages by their path (``tab.goto(f"{code}/tensors/basics.html")``). Tests take
their contexts from its ``new_context`` factory (``open_page`` below) or its ``context`` and
``page`` fixtures, which it closes when the test ends, failed or not
(tests/reader/test_fixtures.py holds the tests to that).

Pages are listed from the sources (docs/<lang>/**/*.md), so collection needs no build.
The fast tier (``make test``) opens the sample pages, which hold every reader feature
(each check in every language, or in one when the languages cannot change it: ``tiered``); the full tier (``make test-all``) opens every page.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from notesite.tools import serve as site_serve  # notesite/tools/serve.py: the server behind `make serve`
from notesite.core import paths
from notesite.tools import sitebuild
from tests.helpers import LANGS, ROOT

SITE = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "test-artifacts"  # screenshots (git-ignored)
CHROMIUM, CHROMIUM_ARGS = paths.CHROMIUM, paths.CHROMIUM_ARGS  # the Chromium that prints the PDFs
ROOT_PAGES = sorted(paths.ROOT_PAGES)  # the language chooser and the 404 page
# The fast tier's page in each language (with the root pages): it sits in a chapter
# folder and has code cells with outputs, notes, prose links and sections, so each
# reader feature is exercised on it (in every language, or in one: fast_language).
# The full tier opens every page.
SAMPLE_PAGES = ("tensors/basics.html",)


def require_built(directory: Path = SITE) -> None:
    if not (directory / "index.html").is_file():
        pytest.fail(f"{directory} has no built site: run `make html` first")


@contextlib.contextmanager
def serve(directory: Path = SITE, compress: bool = True):
    """Serve ``directory`` on a free localhost port, the way `make serve` does; yields the URL.

    ``compress=False``: text files go out uncompressed even to a browser that accepts gzip.
    """
    require_built(directory)
    with site_serve.serving(directory, compress=compress) as url:
        yield url


def site_pages(lang: str | None = None) -> list[str]:
    """The HTML pages the site publishes (paths under _build/html), from the sources
    (sitebuild.site_pages): ``lang`` limits them to one language's site; without it the root
    pages (landing page, 404 page) are included too."""
    return sitebuild.site_pages(ROOT, lang)


def is_sample(page: str) -> bool:
    """A page the fast tier opens (``<code>/tensors/basics.html``, ``index.html``, ...)."""
    return page in ROOT_PAGES or page.split("/", 1)[-1] in SAMPLE_PAGES


def fast_language(turn: int) -> str:
    """The one language in which the fast tier runs a check that the languages cannot change
    (a script or style of the theme at work: folding, copying, a menu that opens), by turns:
    ``turn`` 0 the first language of ``LANGS``, 1 the next, and so on, so that these checks
    meet every language between them. The full tier runs each of them in every language;
    a check of words, fonts or line breaks runs in every language in both tiers."""
    return LANGS[turn % len(LANGS)]


def tiered(values, page_of=lambda v: v, turn: int | None = None):
    """Parametrize values: sample pages as they are, every other page marked ``full``.

    ``turn``: the check is one the languages cannot change; the fast tier keeps the sample page
    of ``fast_language(turn)`` alone (and the root pages), the other languages' go to the full tier.
    """
    def fast(page: str) -> bool:
        return is_sample(page) and (turn is None or "/" not in page or page.split("/", 1)[0] == fast_language(turn))

    return [v if fast(page_of(v)) else full_only(v) for v in values]


def tiered_sources(pairs):
    """``tiered`` for ``(language code, page source)`` pairs (``tensors/basics.md``, or without its
    suffix): the sample pages' pairs as they are, every other pair marked ``full``."""
    return tiered(pairs, page_of=lambda v: f"{v[0]}/{v[1].removesuffix('.md')}.html")


def in_turn(values, turn: int, lang_of=lambda v: v.split("/", 1)[0]) -> list:
    """Parametrize language codes or pages (``lang_of`` gives a value's language) for a check the
    languages cannot change: those of ``fast_language(turn)`` as they are, the others marked ``full``."""
    return [v if lang_of(v) == fast_language(turn) else full_only(v) for v in values]


def full_only(value):
    """A parametrize value (one argument, or a tuple of them) marked ``full``."""
    return pytest.param(*(value if isinstance(value, tuple) else (value,)), marks=pytest.mark.full)


# The window sizes: a desktop (the icon and search checks' 1280x800), a tablet and a phone.
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "tablet": {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}


SCHEMES = ("light", "dark")


def fast_scheme(path: str, turn: int = 0) -> str:
    """The colour scheme in which the fast tier runs a check on the sample page ``path`` when it
    runs it in one scheme per page: the languages take turns (the first language's pages light,
    the next one's dark, and so on; the root pages likewise, in ``ROOT_PAGES`` order), so that
    each such check meets every language and both schemes. ``turn`` shifts the turn (a check run
    at two window sizes: one scheme at each size in each language)."""
    order = LANGS.index(path.split("/", 1)[0]) if "/" in path else ROOT_PAGES.index(path)
    return SCHEMES[(order + turn) % len(SCHEMES)]


def open_page(new_context, path: str | None, size: str = "desktop", scheme: str = "light", *,
              wait_until: str = "load", **options):
    """A tab at ``path`` of the site (relative to the base URL), once loaded (``wait_until``), in a
    new context of the window size ``size`` (``SIZES``) and the colour scheme ``scheme``.

    ``new_context``: pytest-playwright's fixture, which closes the context when the test ends.
    ``options``: more of ``browser.new_context``'s arguments (over the size's).
    ``path=None``: the blank tab, for a test that watches it before it loads a page.
    """
    tab = new_context(**{"color_scheme": scheme, **SIZES[size], **options}).new_page()
    if path is not None:
        tab.goto(path, wait_until=wait_until)
    return tab


class WarmTabs:
    """One tab per window size, kept open across the tests of a pytest-xdist worker: the
    ``warm_tab`` fixture (tests/conftest.py) opens pages in them.

    Why: a page opened in a fresh context costs about 0.4 CPU-seconds (a renderer process to
    start, every script and style sheet of the theme compiled anew); the same page opened in
    a tab that has shown the site before costs about 0.2 (measured on this project's two-core
    machine, tensors/basics.html in both languages, eight loads each, 2026-12-07; 1.3 and 0.36
    when the tabs were introduced). The fast tier opens about a hundred pages.

    Between two tests the tab is reset to what a fresh context gives a reader: the site's
    storage (localStorage, sessionStorage, IndexedDB, caches of service workers) and cookies
    cleared, permissions revoked, routes removed, the colour scheme and the window size set
    again. It keeps the HTTP cache, and what a test's own scripts registered on the tab
    (``add_init_script``) or its listeners: a check of a first visit, of what goes over the
    network or of the first paint, or one that adds init scripts, opens a fresh context
    (``open_page``) instead.

    ``new_context``: makes a context of the browser (with the base URL) from keyword options.
    """

    STORAGE = ("local_storage,session_storage,indexeddb,websql,service_workers,cache_storage,"
               "file_systems,shared_storage,storage_buckets")

    def __init__(self, new_context, origin: str):
        self._new_context = new_context
        self._origin = origin.rstrip("/")
        self._tabs: dict[str, tuple] = {}  # size -> (context, tab, CDP session)

    def unused(self, used) -> list:
        """The warm tabs that are not in ``used`` (those a failed test did not take: no screenshot)."""
        return [tab for _, tab, _ in self._tabs.values() if tab not in used]

    def open(self, path: str | None, size: str = "desktop", scheme: str = "light", *, wait_until: str = "load"):
        """The warm tab of window size ``size`` (``SIZES``), reset, at ``path`` in ``scheme``
        (``path=None``: the blank page, for a test that opens its pages itself)."""
        if size not in self._tabs:
            context = self._new_context(**SIZES[size])
            tab = context.new_page()
            self._tabs[size] = (context, tab, context.new_cdp_session(tab))
        context, tab, cdp = self._tabs[size]
        tab.goto("about:blank")
        tab.unroute_all(behavior="wait")
        context.unroute_all(behavior="wait")
        context.clear_cookies()
        context.clear_permissions()
        cdp.send("Storage.clearDataForOrigin", {"origin": self._origin, "storageTypes": self.STORAGE})
        tab.set_viewport_size(SIZES[size]["viewport"])
        tab.emulate_media(color_scheme=scheme, contrast="null", forced_colors="null", media="null", reduced_motion="null")
        if path is not None:
            tab.goto(path, wait_until=wait_until)
        return tab

    def close(self) -> None:
        for context, _, _ in self._tabs.values():
            context.close()  # closed by hand: session-wide, no pytest-playwright fixture owns it
        self._tabs.clear()


def failure_screenshots(output: Path, nodeid: str, browser, skip=()) -> list[Path]:
    """A screenshot of each open tab of ``browser`` but ``skip`` (warm tabs that the failed test
    did not use), when the test ``nodeid`` failed: ``output``/<test>/test-failed-N.png (``output``:
    pytest-playwright's ``--output``, test-artifacts/playwright/ by pytest.ini, which it empties
    when a run starts)."""
    folder = Path(output) / re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid).strip("-")[:200]
    shots = []
    for context in browser.contexts:
        for tab in context.pages:
            if tab in skip or tab.is_closed():
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"test-failed-{len(shots) + 1}.png"
            try:
                tab.screenshot(path=str(path), timeout=5000)
            except Exception as exc:  # a tab that cannot draw: say so beside the others
                path = path.with_suffix(".txt")
                path.write_text(f"{tab.url}: no screenshot: {exc}\n", encoding="utf-8")
            shots.append(path)
    return shots


def screenshot(tab, name: str) -> None:
    """A screenshot of ``tab`` for a person to look at, passed or failed: test-artifacts/<name>.png
    (the screenshots of failed tests go to test-artifacts/playwright/: failure_screenshots)."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
