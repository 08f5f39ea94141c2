"""Sphinx extension: every internal link and anchor of the built site resolves.

After an HTML build, each page's ``href``/``src`` that points inside the site is
checked: the target file must exist and, with a ``#fragment``, contain that id (or an
``<a name>``). The pages are read by ``notesite.core.htmlpages``.
A broken one is a warning naming the page and the link, so ``-W`` fails the build.
Links into another language's site (``../<code>/...``) are checked by the tests once
every site is built.

Every page is checked on every build (a page left as it was can link to an anchor that a
rewritten page no longer has), but a page is parsed again only when its file changed: the
links and ids of each page are kept in the doctrees folder (``CACHE``), keyed by the file's
size and modification time. A build that writes no page then parses none (about 3 s a
language saved on a no-change `make html`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinx.util import logging

from notesite.core import htmlpages

logger = logging.getLogger(__name__)

SKIP_DIRS = {"_sources", "_static", "_images", "_downloads", "reports"}


CACHE = "link-check.json"  # in the doctrees folder: {page path: [size, mtime_ns, links, ids]}


class Pages:
    """Each page's links and ids (``read(path)``), parsed once, or taken from the cache files when
    the page's size and modification time are those they recorded.

    ``caches``: the cache files to read (``CACHE`` in a build's doctrees folder); ``seen``: the
    entry of each page read, the next cache.
    """

    def __init__(self, caches=()):
        self.kept: dict[str, list] = {}
        for cache in caches:
            self.kept.update(_load(cache))
        self.seen: dict[str, list] = {}
        self._pages: dict[Path, tuple[list[str], set[str]]] = {}

    def read(self, path: Path) -> tuple[list[str], set[str]]:
        """(links, ids) of a page: each page is parsed once, as a page and as a link's target."""
        if path not in self._pages:
            stat = path.stat()
            stamp = [stat.st_size, stat.st_mtime_ns]
            entry = self.kept.get(str(path))
            if entry is None or entry[:2] != stamp:
                page = htmlpages.parse(path.read_text(encoding="utf-8", errors="replace"))
                entry = [*stamp, htmlpages.links(page), sorted(htmlpages.ids(page))]
            self.seen[str(path)] = entry
            self._pages[path] = entry[2], set(entry[3])
        return self._pages[path]


def site_files(site: Path) -> list[Path]:
    """The pages of a built site that are checked (not those of its asset folders)."""
    return [page for page in sorted(site.rglob("*.html")) if not SKIP_DIRS.intersection(page.relative_to(site).parts)]


def broken_links(site: Path, other_sites: tuple[Path, ...] = (), cache: Path | None = None,
                 caches: tuple[Path, ...] = ()) -> list[str]:
    """``page: link`` for every internal link of ``site`` that does not resolve.

    ``cache``: a file that keeps each page's links and ids from one check to the next (read,
    then written with the pages this check read, when they differ from what it held); a page
    whose size or modification time changed is parsed again. ``caches``: more cache files to
    read, never written (the tests check the links between the languages with the caches of
    their builds).
    """
    site = Path(site).resolve()
    roots = [site, *(Path(p).resolve() for p in other_sites)]
    own = _load(cache)
    pages = Pages(caches)
    pages.kept.update(own)

    problems = []
    for page in site_files(site):
        for link in pages.read(page)[0]:
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
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages.read(target)[1]:
                problems.append(f"{page.relative_to(site)}: broken anchor {link!r}")
    if cache is not None and pages.seen != own:
        _save(cache, pages.seen)
    return problems


def _load(cache: Path | None) -> dict[str, list]:
    """A cache file's entries (none when there is no file or it cannot be read)."""
    try:
        return json.loads(Path(cache).read_text(encoding="utf-8")) if cache else {}
    except (OSError, ValueError):  # none yet, or cut short: parse every page
        return {}


def _save(cache: Path, entries: dict[str, list]) -> None:
    cache = Path(cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f"{cache.name}.{os.getpid()}")
    partial.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    partial.replace(cache)  # whole or not at all


def check(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for problem in broken_links(Path(app.outdir), cache=Path(app.doctreedir) / CACHE):
        logger.warning(problem, type="link_check", subtype="internal")


def setup(app):
    app.connect("build-finished", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
