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
from tests.helpers import LANGS, ROOT
from notesite.ext import link_check
from notesite.ext.link_check import broken_links


def build_caches() -> tuple[Path, ...]:
    """The link check's caches of the languages' builds (read, never written, here): the pages
    that `make html` left as they are need no parse."""
    return tuple(paths.doctrees_dir(ROOT, lang) / link_check.CACHE for lang in LANGS)


def test_links_between_the_language_sites_resolve():
    require_built()
    caches = build_caches()
    kept = {cache: cache.read_bytes() if cache.exists() else None for cache in caches}
    problems = [problem for lang in LANGS
                for problem in broken_links(SITE / lang, tuple(SITE / other for other in LANGS if other != lang),
                                            caches=caches)]
    assert problems == []
    assert {cache: cache.read_bytes() if cache.exists() else None for cache in caches} == kept  # only read


def test_links_to_the_pdfs_name_the_files_make_pdf_prints():
    """The landing page links every language's PDF, every page of a language its own; ``make pdf`` prints
    exactly those files into the site (and fails when one is missing), ``make html`` alone does not."""
    require_built()
    site = SITE.resolve()
    links_of = link_check.Pages(build_caches())  # each page's links: those the build's link check read

    def pdf_links(page: Path) -> set[str]:
        links = links_of.read(page.resolve())[0]
        hrefs = [href for href in links if href.endswith(".pdf") and not {"#", "?"} & set(href)]
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
    checked against the pages that were. A check that read nothing new leaves the cache file as it was."""
    site, cache = tmp_path / "html", tmp_path / "doctrees" / link_check.CACHE
    site.mkdir()
    (site / "a.html").write_text('<a href="b.html#kept">b</a><a href="b.html#gone">b</a>', encoding="utf-8")
    (site / "b.html").write_text('<h1 id="kept">K</h1><h2 id="gone">G</h2>', encoding="utf-8")
    parsed, parse = [], htmlpages.parse
    monkeypatch.setattr(htmlpages, "parse", lambda markup: parsed.append(markup) or parse(markup))

    assert link_check.broken_links(site, cache=cache) == [] and len(parsed) == 2
    parsed.clear()
    written = cache.stat().st_mtime_ns
    assert link_check.broken_links(site, cache=cache) == [] and parsed == []  # nothing changed: no parse
    assert cache.stat().st_mtime_ns == written  # and the cache is not written again
    (site / "b.html").write_text('<h1 id="kept">K</h1>', encoding="utf-8")  # b written again, a not
    assert link_check.broken_links(site, cache=cache) == ["a.html: broken anchor 'b.html#gone'"]
    assert parsed == ['<h1 id="kept">K</h1>']
