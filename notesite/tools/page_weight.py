"""What a reader's browser transfers to show a page: the one measurement behind the budgets.

Two figures per page, measured in Chromium over localhost, with the site served the
way ``make serve`` serves it (notesite/tools/serve.py: text files gzip-compressed, as
GitHub Pages sends them), and once more uncompressed (``identity``: every file as it
lies in _build/html):

* ``first``: a first visit, with an empty cache: every byte the page needs. Measured:
  the page opened once in a fresh browser context.
* ``next``: the same page opened right after another page of its language (the
  language's start page; the start page itself after the first page of its
  navigation), so that the files both pages share are already in the cache.
  Computed from first visits, not loaded again: the sum of the page's first-visit
  bytes over its requests whose URL (the full URL, query string included: another
  query is another cache entry) is not among the first-visit request URLs of the
  page before. That is what the cache saves when the files it holds are fresh, so
  that the browser asks nothing for them. Where it revalidates them instead (a
  conditional request answered ``304 Not Modified``, headers only, about 130 bytes
  from notesite/tools/serve.py, which sends ``Last-Modified`` and no ``Cache-Control``,
  so that Chromium keeps a file fresh for a tenth of its age: a build minutes old is
  revalidated), the browser transfers those headers on top. Each language's start
  page is opened once for all its pages (``first_visits``); ``real_next`` opens a page
  the old way (the page before, then the page, in one context), and
  tests/reader/test_page_weight.py checks the model against it on the sample pages.

A figure is the sum, over the page's requests, of the bytes Chromium received from
the network (``Network.loadingFinished.encodedDataLength``: headers and body); a file
served from the cache counts 0. The page counts once it is loaded and the network
has been idle (``networkidle``), so scripts and fonts that the page loads late count too.

The budgets (issue 17): ``first`` at most 1 MiB, ``next`` at most 100 KiB on every page,
as served. ``tests/reader/test_page_weight.py`` asserts them on a sample page and
tests/reader/test_page_sweep.py on every page (``Meter`` on its loads); ``make bench``
reports the median and the maximum per language, served and uncompressed. Run alone:

    .venv/bin/python notesite/tools/page_weight.py [_build/html]   # prints JSON
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Callable

FIRST_BUDGET = 1024 * 1024  # bytes: a first visit to any page
NEXT_BUDGET = 100 * 1024  # bytes: the next page, the files it shares with the first cached

ROOT = Path(__file__).resolve().parents[2]


def file_name(url: str) -> str:
    """The file a request URL names (query string and fragment dropped), for the per-file listing."""
    return url.split("?")[0].split("#")[0]


def weight(requests: dict[str, int], statuses: dict[str, int] | None = None) -> dict:
    """A figure from bytes per request URL: in all, per file (largest first), per URL (and wire statuses)."""
    files: dict[str, int] = {}
    for url, size in requests.items():
        files[file_name(url)] = files.get(file_name(url), 0) + size
    return {"bytes": sum(requests.values()), "files": dict(sorted(files.items(), key=lambda kv: -kv[1])),
            "requests": dict(requests), "statuses": dict(statuses or {})}


class Meter:
    """The bytes a tab receives from the network, from now on, per request (attach it before the load).

    ``figure()``: in all, per file, per URL (``weight``). ``requests``: bytes per full request URL
    (a URL fetched twice counts twice); ``statuses``: the HTTP status on the wire of each URL that
    went to the network (a file served from the cache has none; one revalidated has 304, where
    Chromium reports the cached response's 200 in ``Network.responseReceived``).
    """

    def __init__(self, tab):
        self._cdp = tab.context.new_cdp_session(tab)
        self._urls, self._sizes, self._wire = {}, {}, {}
        self._cdp.on("Network.requestWillBeSent", lambda e: self._urls.__setitem__(e["requestId"], e["request"]["url"]))
        self._cdp.on("Network.responseReceivedExtraInfo", lambda e: self._wire.__setitem__(e["requestId"], e["statusCode"]))
        self._cdp.on("Network.loadingFinished", lambda e: self._sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        self._cdp.send("Network.enable")

    def figure(self) -> dict:
        requests: dict[str, int] = {}
        statuses: dict[str, int] = {}
        for request, size in self._sizes.items():
            name = self._urls.get(request, "?")
            requests[name] = requests.get(name, 0) + int(size)
            if request in self._wire:
                statuses[name] = self._wire[request]
        return weight(requests, statuses)

    def detach(self) -> None:
        self._cdp.detach()


def transferred(context, url: str) -> dict:
    """Open ``url`` in a new tab of ``context`` and wait for the network to go quiet: what it received (``Meter``)."""
    tab = context.new_page()
    meter = Meter(tab)
    tab.goto(url, wait_until="networkidle")
    meter.detach()
    tab.close()
    return meter.figure()


def first_visit(new_context: Callable, base: str, page: str) -> dict:
    """``page`` opened in a fresh browser context (an empty cache): the ``first`` figure.

    ``new_context``: what makes a context (``browser.new_context``; in the tests,
    pytest-playwright's ``new_context`` fixture). Each context is closed once measured.
    """
    context = new_context()
    try:
        return transferred(context, f"{base}/{page}")
    finally:
        context.close()


def next_visit(first: dict, before: dict) -> dict:
    """The ``next`` figure: ``first``'s requests less those whose URL ``before`` (a first visit) fetched."""
    return weight({url: size for url, size in first["requests"].items() if url not in before["requests"]})


def start_page(lang: str, page: str, pages: list[str]) -> str:
    """The page a reader comes from: the language's start page, or for that page, another one."""
    start = f"{lang}/index.html"
    return start if page != start else next(p for p in pages if p != start)


def first_visits(new_context: Callable, base: str, seen: dict[str, dict] | None = None) -> Callable[[str], dict]:
    """``page -> first_visit(page)``, each page opened once however often it is asked for.

    ``seen``: the first visits known so far (``page -> figure``), filled as pages are opened; a
    caller that measures some first visits itself, or outlives one ``new_context``, passes its own dict."""
    seen = {} if seen is None else seen

    def first(page: str) -> dict:
        if page not in seen:
            seen[page] = first_visit(new_context, base, page)
        return seen[page]

    return first


def measure_page(new_context: Callable, base: str, lang: str, page: str, pages: list[str],
                 first: Callable[[str], dict] | None = None) -> dict:
    """``first`` and ``next`` for one page (``pages``: the language's pages, for the page before).

    ``first``: where the first visits come from (``first_visits``), so that the page
    before is opened once for all the pages that share it.
    """
    first = first or first_visits(new_context, base)
    return {"first": first(page), "next": next_visit(first(page), first(start_page(lang, page, pages)))}


def real_next(new_context: Callable, base: str, lang: str, page: str, pages: list[str]) -> dict:
    """``next`` as a browser's cache makes it: the page before, then the page, in one context (the model's check)."""
    context = new_context()
    try:
        transferred(context, f"{base}/{start_page(lang, page, pages)}")
        return transferred(context, f"{base}/{page}")
    finally:
        context.close()


def summary(values: list[int]) -> dict:
    return {"median": int(statistics.median(values)), "max": max(values)}


def measure_site(new_context: Callable, base: str, pages_by_lang: dict[str, list[str]]) -> dict:
    """Every page of every language: per-page figures and the median and maximum per language."""
    out: dict = {"budgets": {"first": FIRST_BUDGET, "next": NEXT_BUDGET}}
    first = first_visits(new_context, base)
    for lang, pages in pages_by_lang.items():
        per_page = {page: measure_page(new_context, base, lang, page, pages, first) for page in pages}
        out[lang] = {
            "pages": len(pages),
            "first": summary([m["first"]["bytes"] for m in per_page.values()]),
            "next": summary([m["next"]["bytes"] for m in per_page.values()]),
            "largest_first": max(per_page, key=lambda p: per_page[p]["first"]["bytes"]),
            "largest_next": max(per_page, key=lambda p: per_page[p]["next"]["bytes"]),
            "per_page": {p: {"first": m["first"]["bytes"], "next": m["next"]["bytes"]} for p, m in per_page.items()},
        }
        out[lang]["within_budget"] = (out[lang]["first"]["max"] <= FIRST_BUDGET
                                      and out[lang]["next"]["max"] <= NEXT_BUDGET)
    return out


def measure_built_site(directory: Path | None = None, compress: bool = True) -> dict:
    """Serve a built site (``_build/html`` by default) and measure every page of every language.

    In Debian's Chromium; ``compress=False``: the server sends every file uncompressed.
    """
    from playwright.sync_api import sync_playwright

    from notesite.tools import serve
    from notesite.core import paths
    from notesite.tools import sitebuild

    directory = Path(directory or paths.html_dir(ROOT))
    if not (directory / "index.html").is_file():
        raise SystemExit(f"{directory} has no built site: run `make html` first")
    pages = {lang: sitebuild.site_pages(ROOT, lang) for lang in sitebuild.languages.CODES}
    with serve.serving(directory, compress=compress) as base, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=paths.CHROMIUM, args=paths.CHROMIUM_ARGS,
                                      headless=True)
        try:
            return measure_site(chromium.new_context, base, pages)
        finally:
            chromium.close()


def report(directory: Path | None = None) -> dict:
    """What ``make bench`` prints: the summary per language, as served and uncompressed."""
    out = {}
    for name, compress in (("served", True), ("identity", False)):
        result = measure_built_site(directory, compress=compress)
        out[name] = {lang: {k: v for k, v in figures.items() if k != "per_page"} if isinstance(figures, dict)
                     and "per_page" in figures else figures for lang, figures in result.items()}
    return out


if __name__ == "__main__":
    result = report(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(json.dumps(result, indent=2))
    sys.exit(0 if all(v["within_budget"] for k, v in result["served"].items() if k != "budgets") else 1)
