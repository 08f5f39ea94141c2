"""Sphinx extension: every internal link and anchor of the built site resolves.

After an HTML build, each page's ``href``/``src`` that points inside the site is
checked: the target file must exist and, with a ``#fragment``, contain that id (or an
``<a name>``). The pages are read by ``notesite.core.htmlpages``.
A broken one is a warning naming the page and the link, so ``-W`` fails the build.
Links into another language's site (``../<code>/...``) are checked by the tests once
every site is built.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinx.util import logging

from notesite.core import htmlpages

logger = logging.getLogger(__name__)

SKIP_DIRS = {"_sources", "_static", "_images", "_downloads", "reports"}


def broken_links(site: Path, other_sites: tuple[Path, ...] = ()) -> list[str]:
    """``page: link`` for every internal link of ``site`` that does not resolve."""
    site = Path(site).resolve()
    roots = [site, *(Path(p).resolve() for p in other_sites)]
    pages: dict[Path, tuple[list[str], set[str]]] = {}

    def read(path: Path) -> tuple[list[str], set[str]]:
        """(links, ids) of a page: each page is parsed once, as a page and as a link's target."""
        if path not in pages:
            page = htmlpages.parse(path.read_text(encoding="utf-8", errors="replace"))
            pages[path] = htmlpages.links(page), htmlpages.ids(page)
        return pages[path]

    problems = []
    for page in sorted(site.rglob("*.html")):
        if SKIP_DIRS.intersection(page.relative_to(site).parts):
            continue
        for link in read(page)[0]:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not any(target == r or r in target.parents for r in roots):
                continue  # outside the sites we know (e.g. the other language, not built yet)
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: broken link {link!r} (no {target.name})")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in read(target)[1]:
                problems.append(f"{page.relative_to(site)}: broken anchor {link!r}")
    return problems


def check(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for problem in broken_links(Path(app.outdir)):
        logger.warning(problem, type="link_check", subtype="internal")


def setup(app):
    app.connect("build-finished", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
