"""Serve the built site on localhost and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT

SITE = ROOT / "_build" / "html"
LANGS = ("zh", "en")
ARTIFACTS = ROOT / "test-artifacts"  # screenshots (git-ignored)
# Folders of a built site that hold no pages.
NOT_PAGES = {"_static", "_sources", "_snippets", "_images", "_downloads", "jupyter_execute", "reports"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a sandboxed machine with no network (see DESIGN.md).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _load_serve_module():
    """docs/_tools/serve.py: the server behind `make serve` (404 page for missing URLs)."""
    spec = importlib.util.spec_from_file_location("site_serve", ROOT / "docs" / "_tools" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site_serve = _load_serve_module()


@contextlib.contextmanager
def serve(directory: Path = SITE):
    """Serve ``directory`` on a free localhost port, the way `make serve` does; yields the URL."""
    if not (directory / "index.html").is_file():
        pytest.fail(f"{directory} has no built site: run `make html` first")
    server = site_serve.make_server(directory, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def site_pages(lang: str | None = None) -> list[str]:
    """The HTML pages of the built site (paths under _build/html), found by walking it.

    ``lang`` limits them to one language's site; without it the root pages
    (landing page, 404 page) are included too.
    """
    base = SITE / lang if lang else SITE
    if not (base / "index.html").is_file():
        pytest.fail(f"{base} has no built site: run `make html` first")
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in base.rglob("*.html")
        if not NOT_PAGES.intersection(p.relative_to(SITE).parts)
    )


def other_lang(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


@pytest.fixture(scope="module")
def site():
    """(base URL, browser): the built site served on localhost, and headless Chromium."""
    with serve() as url, chromium() as browser:
        yield url, browser


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
