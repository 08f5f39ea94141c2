"""Each page downloads as a notebook, and links its snippet modules as runnable scripts.

* The book theme's download menu offers ``.ipynb`` on every page with code cells;
  the link returns a valid notebook in the page's language whose code cells are
  the page's cells, in order, with outputs where the page shows outputs.
* "Snippets used on this page" (each language's ``downloads_title`` in
  notesite/core/languages.py) lists each snippet module the page uses; each link downloads the exact file, and a downloaded module runs as
  a script (the smallest two, to keep the test quick; full tier only, a Python that imports
  torch each).

The fast tier opens one language's sample page (tests.browser.fast_language): the menu and the
links are the same code in every language, and the words of the other languages' lists are
checked in the mini-site's built pages (tests/build/test_snippet_downloads.py); the full tier opens every page.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.parse

import nbformat
import pytest

from notesite.core import languages
from notesite.core import snippet_regions
from tests.browser import LANGS, open_page, site_pages, tiered
from tests.helpers import GPU_PROFILE, ROOT

pytestmark = pytest.mark.browser

def source(page: str):
    lang, rel = page.split("/", 1)
    path = ROOT / "docs" / lang / (rel.removesuffix(".html") + ".md")
    return path if path.is_file() else None


def cells(page: str) -> list[snippet_regions.CellRef]:
    path = source(page)
    return snippet_regions.find_cells(path.read_text(encoding="utf-8")) if path else []


def modules(page: str) -> list[str]:
    return list(dict.fromkeys(c.file for c in cells(page)))


ALL = [(lang, p) for lang in LANGS for p in site_pages(lang)]
WITH_CELLS = [(lang, p) for lang, p in ALL if cells(p)]


def resolve(tab, href: str) -> str:
    """The address of ``href`` as written on the page open in ``tab``."""
    return urllib.parse.urljoin(tab.url, href)


def test_pages_with_code_cells_exist():
    assert {lang for lang, _ in WITH_CELLS} == set(LANGS)


def check_notebook(tab, page: str) -> None:
    """The download menu's .ipynb is the page's notebook: its cells, its outputs, its language."""
    tab.locator(".dropdown-download-buttons button.dropdown-toggle").click()
    item = tab.locator(".dropdown-download-buttons a.btn-download-notebook-button")
    assert item.is_visible(), f"{page}: the download menu offers no .ipynb"
    # No dead entry: every link in the menu answers.
    for href in tab.eval_on_selector_all(".dropdown-download-buttons a.dropdown-item", "els => els.map(a => a.getAttribute('href'))"):
        assert tab.request.get(resolve(tab, href)).ok, f"{page}: {href} is dead"
    response = tab.request.get(resolve(tab, item.get_attribute("href")))
    assert response.ok
    notebook = nbformat.reads(response.text(), as_version=4)
    nbformat.validate(notebook)
    expected = [
        snippet_regions.resolve(c, ROOT / "snippets", page).code
        for c in cells(page)
        if GPU_PROFILE or not snippet_regions.resolve(c, ROOT / "snippets", page).gpu
    ]
    # A module the notebook writes beside itself (front matter notebook_carries) is no cell
    # of the page: tests/build/test_notebooks_run_anywhere.py checks those cells.
    code = [c for c in notebook.cells if c.cell_type == "code" and not c.source.startswith("%%writefile ")]
    assert [c.source for c in code] == expected
    # The outputs the page shows under its cells (from the shared execution cache,
    # so the second language's notebook has them too).
    # (A GPU recording, div.gpu-cell, is not executed: it is not a code cell of the notebook.)
    shown = tab.locator("div.cell:not(.gpu-cell)").evaluate_all("els => els.map(e => !!e.querySelector('.cell_output'))")
    assert [bool(c.outputs) for c in code] == shown
    title = tab.locator("article h1").first.inner_text().replace("#", "").strip()
    first_markdown = next(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert title in first_markdown  # the page's own language


def check_snippet_links(tab, lang: str, page: str) -> None:
    """"Snippets used on this page" links each module the page uses, which downloads exactly."""
    links = tab.locator(".snippet-downloads a.snippet-download")
    expected = modules(page)
    if not expected:
        assert tab.locator(".snippet-downloads").count() == 0
        return
    assert tab.locator(".snippet-downloads__title").inner_text() == languages.get(lang)["downloads_title"]
    assert links.count() == len(expected)
    for i, module in enumerate(expected):
        link = links.nth(i)
        assert link.inner_text() == f"snippets/{module}"
        name = module.replace("/", "_")  # no clash with stdlib names
        assert link.get_attribute("download") == name
        if i == 0:  # clicked as a reader does: the browser saves the file under that name
            with tab.expect_download() as info:
                link.click()
            assert info.value.suggested_filename == name
            body = open(info.value.path(), "rb").read()
        else:  # the same link, fetched (a click per module would only repeat the first)
            body = tab.request.get(resolve(tab, link.get_attribute("href"))).body()
        assert body == (ROOT / "snippets" / module).read_bytes(), module


@pytest.mark.parametrize("lang,path", tiered(ALL, lambda v: v[1], turn=1))
def test_page_downloads_as_notebook_and_snippets(warm_tab, lang, path):
    """One load per page: its notebook (pages with code cells) and its snippet links (in the warm
    tab: Playwright's contexts accept downloads by default)."""
    tab = warm_tab(path)
    if (lang, path) in WITH_CELLS:
        check_notebook(tab, path)
    check_snippet_links(tab, lang, path)


def smallest_modules(n: int = 2) -> list[str]:
    used = {m for _, p in WITH_CELLS for m in modules(p)}
    runnable = [m for m in used if not snippet_regions.is_gpu_module(ROOT / "snippets" / m)]
    return sorted(runnable, key=lambda m: ((ROOT / "snippets" / m).stat().st_size, m))[:n]


@pytest.mark.full  # a Python process that imports torch per module; the fast tier checks the downloads themselves
@pytest.mark.parametrize("module", smallest_modules())
def test_downloaded_module_runs_as_a_script(new_context, module, tmp_path):
    """Downloaded from the site into an empty folder, the module runs: `python file.py` exits 0."""
    path = next(p for _, p in WITH_CELLS if module in modules(p))
    tab = open_page(new_context, path, accept_downloads=True)
    with tab.expect_download() as info:
        tab.locator(".snippet-downloads a.snippet-download", has_text=f"snippets/{module}").click()
    script = tmp_path / info.value.suggested_filename
    info.value.save_as(script)
    proc = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
