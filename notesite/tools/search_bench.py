"""The search benchmark: what a reader types, what the search page returns, and how well.

The queries of a language (``queries``) are taken from its built site, so that every new
heading or API name is searched without anyone listing it:

- every heading (h1 to h3) of every page;
- every glossary term (a ``dt`` of the glossary page, up to its first bracket or ``·``);
- every torch / torchvision name used in a code cell (``torch.cat``, ``nn.Linear``,
  ``transforms.ToTensor``, and the names imported with ``from torch... import``);

and, from ``tests/data/search_bench/<code>.json`` (one file per language of
``notesite/core/languages.py``), the kinds that cannot be derived: terms inside longer
words (学习率 inside 学习率调度器), two-term queries, one-character queries (图, 批),
mixed queries (``torch.cat 拼接``), the reported terms that must be found, and queries
the site does not contain (they must return nothing).

Relevance is decided here, from the built HTML and independently of the search code: a
page is relevant when its body text (``[role=main]``'s first ``section``, without the
heading links, scripts and styles) contains every term of the query (the query split on
white space); a term with a Han character matches as a substring, any other term as a
word (not preceded or followed by a letter, digit or ``_``), case-insensitively. The
best page of a query is the relevant page with the query in a heading (h1 to h6, all
terms) and the most occurrences, or when no heading has it, the one with the most
occurrences (ties: any of the tied pages).

Measured in Debian's Chromium on the real search page (``search.html`` of the
language, served as ``make serve`` serves it): the page's own search function returns
the results in the order the page shows them (``SiteSearch.results`` where the site
ships it, else Sphinx's ``Search._performSearch``). Per language: the queries that
return nothing although a page contains them, the mean recall of relevant pages, the
share of queries whose best page is among the first three pages shown, the absent
queries that return something, the search index's size (gzip) and the time from
pressing Enter in the search box to the finished result list (median of a sample).

``python notesite/tools/search_bench.py [site]`` prints the figures as JSON (``make bench``
includes them); ``tests/reader/test_search_bench.py`` holds them to the goals.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from notesite.core import htmlpages
from notesite.core import languages
from notesite.core import paths
from notesite.tools import serve

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "search_bench"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK unified ideographs (A, basic) and compatibility
HAS_HAN = re.compile(f"[{HAN}]")
# Pages Sphinx writes besides the content pages, and published folders that hold no page.
NOT_CONTENT = {"genindex", "search"}
SKIP_DIRS = {"_static", "_sources", "_snippets", "_images", "pdf"}
# Names a code cell uses from torch or torchvision: dotted names under the usual aliases.
API_NAME = re.compile(r"\b(?:torch|torchvision|nn|F|optim|transforms|models|datasets)(?:\.[A-Za-z_]\w*)+")
IMPORT = re.compile(r"^\s*from\s+(torch|torchvision)[\w.]*\s+import\s+([\w, ()]+)", re.M)
KINDS = ("compound", "two_term", "single", "mixed", "reported")
GOALS = {"zero_results": 0, "recall": 0.98, "best_top3": 0.95}


@dataclass
class Page:
    name: str  # the page's path in the site without .html (Sphinx's docname)
    text: str  # body text, lower-cased
    headings: list[str] = field(default_factory=list)  # lower-cased


def body_of(html: str):
    """The page body as Sphinx's search summary reads it, without the print header and contents."""
    main = htmlpages.parse(html).find(attrs={"role": "main"})  # [role="main"], without a CSS selector's walk
    body = main.find("section") if main else None
    if body is None:
        return None
    for junk in body.select(".headerlink, script, style"):
        junk.decompose()
    return body


def bodies(site: Path, code: str):
    """(name, body) of each content page of one language's built site, in path order."""
    for path in sorted((site / code).rglob("*.html")):
        rel = path.relative_to(site / code)
        name = rel.with_suffix("").as_posix()
        if name in NOT_CONTENT or rel.parts[0] in SKIP_DIRS:
            continue
        body = body_of(path.read_text(encoding="utf-8"))
        if body is not None:
            yield name, body


def pages(site: Path, code: str) -> dict[str, Page]:
    """The content pages of one language's built site, by name."""
    out = {}
    for name, body in bodies(site, code):
        heads = [h.get_text().strip().lower() for h in body.find_all(re.compile(r"^h[1-6]$"))]
        out[name] = Page(name, body.get_text().lower(), heads)
    return out


def _term_pattern(term: str) -> re.Pattern:
    term = term.lower()
    if HAS_HAN.search(term):
        return re.compile(re.escape(term))
    return re.compile(rf"(?<![\w]){re.escape(term)}(?![\w])")


def occurrences(page_text: str, query: str) -> int:
    """How often the query's terms occur in a text; 0 unless every term occurs."""
    counts = [len(_term_pattern(t).findall(page_text)) for t in query.split()]
    return sum(counts) if counts and all(counts) else 0


def relevance(site_pages: dict[str, Page], query: str) -> tuple[set[str], set[str]]:
    """(relevant pages, best pages) of a query, as the module docstring defines them."""
    counts = {name: occurrences(p.text, query) for name, p in site_pages.items()}
    relevant = {name for name, n in counts.items() if n}
    in_heading = {name for name in relevant
                  if any(occurrences(h, query) for h in site_pages[name].headings)}
    pool = in_heading or relevant
    if not pool:
        return relevant, set()
    top = max(counts[name] for name in pool)
    return relevant, {name for name in pool if counts[name] == top}


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00b6", "")).strip()


def derived_queries(site: Path, code: str) -> dict[str, list[str]]:
    """Headings, glossary terms and API names of one language's built site."""
    headings, glossary, api = set(), set(), set()
    for name, body in bodies(site, code):
        for h in body.find_all(["h1", "h2", "h3"]):
            headings.add(_clean(h.get_text()))
        if name == "glossary":
            for dt in body.find_all("dt"):
                term = re.split(r"[（(·]", dt.get_text())[0]
                if _clean(term):
                    glossary.add(_clean(term))
        for cell in body.select("div.cell_input pre"):
            source = cell.get_text()
            api.update(m.group(0).split(".__")[0] for m in API_NAME.finditer(source))
            for _module, names in IMPORT.findall(source):
                for imported in names.replace("(", " ").replace(")", " ").split(","):
                    if imported.split():
                        api.add(imported.split()[0])  # `functional as F`: the name torch gives it
    return {"heading": sorted(headings), "glossary": sorted(glossary), "api": sorted(api)}


def data_file(code: str) -> Path:
    return DATA / f"{code}.json"


def hand_queries(code: str) -> dict:
    """The queries of tests/data/search_bench/<code>.json (a missing file or kind names itself)."""
    path = data_file(code)
    if not path.is_file():
        raise FileNotFoundError(f"{path.relative_to(ROOT)}: no search benchmark for the language {code!r}")
    data = json.loads(path.read_text(encoding="utf-8"))
    missing = [k for k in (*KINDS, "absent", "sample") if k not in data]
    if missing:
        raise KeyError(f"{path.relative_to(ROOT)} lacks {', '.join(missing)}")
    return data


def queries(site: Path, code: str) -> dict[str, list[str]]:
    """Every query of the benchmark for a language, by kind (the absent ones apart)."""
    data = hand_queries(code)
    out = derived_queries(site, code)
    for kind in KINDS:
        out[kind] = list(data[kind])
    return out


# In the search page: the results its search function gives for a query, in the order
# it shows them (page names), and whether the index had loaded.
RESULTS_JS = """async (q) => {
  const order = typeof SiteSearch !== "undefined" ? await SiteSearch.results(q)
    : Search._performSearch(...Search._parseQuery(q));
  const names = [];
  for (const r of [...order].reverse()) if (!names.includes(r[0])) names.push(r[0]);
  return names;
}"""


def results(page, query: str) -> list[str]:
    return page.evaluate(RESULTS_JS, query)


def load_search(page, url: str) -> None:
    """Open the search page at ``url`` in ``page`` and wait until its index has loaded."""
    page.goto(url)
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()", timeout=30_000)


def open_search(context, base: str, code: str):
    page = context.new_page()
    load_search(page, f"{base}/{code}/search.html")
    return page


def score(site_pages: dict[str, Page], query_results: dict[str, list[str]]) -> dict:
    """The figures of one language from each query's results (page names, in order)."""
    zero, misses, not_top3, recalls = [], [], [], []
    for query, found in query_results.items():
        relevant, best = relevance(site_pages, query)
        if not relevant:
            continue
        if not found:
            zero.append(query)
        hit = relevant & set(found)
        recalls.append(len(hit) / len(relevant))
        if hit != relevant:
            misses.append({"query": query, "missing": sorted(relevant - hit)})
        if not best & set(found[:3]):
            not_top3.append({"query": query, "best": sorted(best), "top3": found[:3]})
    n = len(recalls)
    return {
        "queries": n,
        "zero_results": len(zero),
        "recall": round(statistics.fmean(recalls), 4) if n else 0.0,
        "best_top3": round(1 - len(not_top3) / n, 4) if n else 0.0,
        "zero_result_queries": zero,
        "recall_misses": misses,
        "best_not_in_top3": not_top3,
    }


def measure_language(context, base: str, site: Path, code: str, sample_only: bool = False) -> dict:
    """Run the benchmark (or its sample) of one language in an open browser context."""
    site_pages = pages(site, code)
    data = hand_queries(code)
    if sample_only:
        by_kind = {"sample": list(data["sample"])}
    else:
        by_kind = queries(site, code)
    page = open_search(context, base, code)
    try:
        all_queries = sorted({q for qs in by_kind.values() for q in qs})
        query_results = {q: results(page, q) for q in all_queries}
        absent = {q: results(page, q) for q in data["absent"]}
    finally:
        page.close()
    out = score(site_pages, query_results)
    out["by_kind"] = {kind: len(qs) for kind, qs in by_kind.items()}
    out["absent_with_results"] = {q: r for q, r in absent.items() if r}
    unexpected = [q for q in data["absent"] if relevance(site_pages, q)[0]]
    out["absent_on_site"] = unexpected  # an 'absent' query that some page does contain
    out["results"] = query_results
    return out


def typing_to_results(context, base: str, code: str, sample: list[str]) -> list[float]:
    """Seconds from pressing Enter in the search page's box to the finished result list."""
    times = []
    page = context.new_page()
    try:
        for query in sample:
            page.goto(f"{base}/{code}/search.html")
            box = page.locator('input[name="q"]:visible').first  # the search page's own box
            box.fill(query)
            start = time.perf_counter()
            box.press("Enter")
            page.wait_for_url(re.compile(r"search\.html\?q="))
            page.wait_for_function("() => !!document.querySelector('#search-results p.search-summary')"
                                   " && document.querySelector('#search-results p.search-summary').textContent"
                                   " !== ''", timeout=30_000)
            times.append(time.perf_counter() - start)
    finally:
        page.close()
    return times


def index_size(site: Path, code: str) -> dict:
    raw = (site / code / "searchindex.js").read_bytes()
    return {"bytes": len(raw), "gzip": len(gzip.compress(raw, 9))}


def run(site: Path | None = None, sample_only: bool = False) -> dict:
    """The benchmark over every language of the built site (``_build/html`` by default)."""
    from playwright.sync_api import sync_playwright

    site = Path(site or paths.html_dir())
    out = {"goals": GOALS}
    with serve.serving(site, compress=True) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=paths.CHROMIUM, args=paths.CHROMIUM_ARGS, headless=True)
        try:
            for code in languages.CODES:
                context = browser.new_context()
                try:
                    figures = measure_language(context, base, site, code, sample_only)
                    times = typing_to_results(context, base, code, hand_queries(code)["sample"])
                finally:
                    context.close()
                figures["typing_to_results_s"] = {"median": round(statistics.median(times), 3),
                                                  "max": round(max(times), 3), "queries": len(times)}
                figures["index"] = index_size(site, code)
                out[code] = figures
        finally:
            browser.close()
    return out


def meets_goals(figures: dict) -> bool:
    return (figures["zero_results"] <= GOALS["zero_results"] and figures["recall"] >= GOALS["recall"]
            and figures["best_top3"] >= GOALS["best_top3"] and not figures["absent_with_results"])


def summary(result: dict) -> dict:
    """The figures without the per-query detail (what make bench prints)."""
    return {code: {k: v for k, v in figures.items() if k not in ("results",)}
            if isinstance(figures, dict) and code != "goals" else figures
            for code, figures in result.items()}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    result = run(Path(args[0]) if args else None, sample_only="--sample" in sys.argv)
    print(json.dumps(summary(result), ensure_ascii=False, indent=1))
    sys.exit(0 if all(meets_goals(v) for k, v in result.items() if k != "goals") else 1)
