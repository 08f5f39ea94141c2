"""Links between the language sites of the built site resolve (notesite/ext/link_check.py).

Each build checks its own pages' links; the links from one language to another
(the language switch, the landing page) can only be checked once all are built. The
links to the PDFs point into the site's pdf/ folder, which ``make pdf`` fills (and checks).
"""

from __future__ import annotations

from pathlib import Path

from notesite.core import htmlpages
from notesite.core import paths
from tests.browser import SITE, require_built, site_pages
from tests.helpers import LANGS
from notesite.ext.link_check import broken_links


def test_links_between_the_language_sites_resolve():
    require_built()
    problems = [problem for lang in LANGS
                for problem in broken_links(SITE / lang, tuple(SITE / other for other in LANGS if other != lang))]
    assert problems == []


def test_links_to_the_pdfs_name_the_files_make_pdf_prints():
    """The landing page links every language's PDF, every page of a language its own; ``make pdf`` prints
    exactly those files into the site (and fails when one is missing), ``make html`` alone does not."""
    require_built()
    site = SITE.resolve()

    def pdf_links(page: Path) -> set[str]:
        hrefs = [tag["href"] for tag in htmlpages.read(page).find_all(href=True)]
        hrefs = [href for href in hrefs if href.endswith(".pdf") and not {"#", "?"} & set(href)]
        return {(page.parent / href).resolve().relative_to(site).as_posix() for href in hrefs}

    def printed(lang: str) -> str:
        return f"{paths.PDF_FOLDER}/{paths.pdf_name(lang)}"

    assert pdf_links(SITE / "index.html") == {printed(lang) for lang in LANGS}
    for lang in LANGS:
        pages = [SITE / page for page in site_pages(lang)]
        wrong = {page.relative_to(SITE).as_posix(): links for page in pages
                 if (links := pdf_links(page)) != {printed(lang)}}
        assert wrong == {}, f"pages that do not link {printed(lang)} (alone)"


def test_link_check_parses_only_the_pages_that_changed(tmp_path, monkeypatch):
    """The check's cache (link_check.CACHE, kept in the doctrees folder) skips the parse of a page
    left as it was, but never its check: a page that was not written again still has its links
    checked against the pages that were."""
    from notesite.ext import link_check

    site, cache = tmp_path / "html", tmp_path / "doctrees" / link_check.CACHE
    site.mkdir()
    (site / "a.html").write_text('<a href="b.html#kept">b</a><a href="b.html#gone">b</a>', encoding="utf-8")
    (site / "b.html").write_text('<h1 id="kept">K</h1><h2 id="gone">G</h2>', encoding="utf-8")
    parsed, parse = [], htmlpages.parse
    monkeypatch.setattr(htmlpages, "parse", lambda markup: parsed.append(markup) or parse(markup))

    assert link_check.broken_links(site, cache=cache) == [] and len(parsed) == 2
    parsed.clear()
    assert link_check.broken_links(site, cache=cache) == [] and parsed == []  # nothing changed: no parse
    (site / "b.html").write_text('<h1 id="kept">K</h1>', encoding="utf-8")  # b written again, a not
    assert link_check.broken_links(site, cache=cache) == ["a.html: broken anchor 'b.html#gone'"]
    assert parsed == ['<h1 id="kept">K</h1>']
