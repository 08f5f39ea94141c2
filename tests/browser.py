"""Browser-test helpers: serve the built site on localhost, list its pages, pick the samples.

The browser itself is pytest-playwright's session-wide ``browser`` fixture, launched as
Debian's Chromium by the conftest; the ``site`` fixture pairs it with the local server.

Pages are listed from the sources (docs/<lang>/**/*.md), so collection needs no build.
The fast tier (``make test``) opens the sample pages, which hold every reader feature
once in each language; the full tier (``make test-all``) opens every page.
"""

from __future__ import annotations

import contextlib
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
# reader feature is exercised on it once per language. The full tier opens every page.
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


def tiered(values, page_of=lambda v: v):
    """Parametrize values: sample pages as they are, every other page marked ``full``."""
    return [v if is_sample(page_of(v)) else pytest.param(*(v if isinstance(v, tuple) else (v,)), marks=pytest.mark.full)
            for v in values]


def open_page(context, url: str, page: str):
    """A new tab of ``context`` at ``page`` of the site served at ``url``, once it has loaded."""
    tab = context.new_page()
    tab.goto(f"{url}/{page}", wait_until="load")
    return tab

def scheme_context(site, scheme: str, **options):
    """A browser context in the colour scheme ``scheme``, closed when the generator ends (for module fixtures)."""
    url, chromium = site
    context = chromium.new_context(color_scheme=scheme, **options)
    yield url, context, scheme
    context.close()

def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
