"""What a reader's browser transfers stays within the budgets of issue 17, on every page (the sweep's).

A first visit (empty cache) at most 1 MiB; the next page, with the files it shares with
the page before already cached, at most 100 KiB. Measured in Chromium by
notesite/tools/page_weight.py (the same function ``make bench`` reports with), with the
site served as ``make serve`` serves it: each page is opened once, and its ``next``
figure is computed from its first visit and the start page's (opened once per
language), which one test checks against a real cache on the sample pages (the fast tier: one
language's, tests.browser.fast_language). This file measures that language's sample page, in both
tiers; the full tier measures every page of every language on the page sweep's light desktop load
(tests/reader/test_page_sweep.py, with ``page_weight.Meter`` and the same ``sweeps.weight_problems``).
A size budget, not a timing: the figures are bytes, the same on every machine.
"""

from __future__ import annotations

import pytest

from notesite.tools import page_weight
from tests.browser import LANGS, SAMPLE_PAGES, fast_language, in_turn, is_sample, site_pages
from tests.reader.sweeps import largest, problem_report, weight_problems

pytestmark = pytest.mark.browser

PAGES = [(lang, page) for lang in LANGS for page in site_pages(lang)]
# A 304 answer is a status line and a few headers, no body (serve.py's: about 130 bytes).
REVALIDATION_MAX = 512


@pytest.fixture(scope="module")
def first_visits_seen():
    """The first visits measured so far in this module (``page -> figure``). Kept here because
    ``first_visit`` is function-scoped (like ``new_context``): without it page_weight.first_visits
    would start empty in every test."""
    return {}


@pytest.fixture
def first_visit(new_context, base_url, first_visits_seen):
    """``page -> its first visit``, each page opened once in this module (the start pages serve every
    page), each in a context of its own from pytest-playwright's ``new_context``."""
    return page_weight.first_visits(new_context, base_url.rstrip("/"), first_visits_seen)


# The sample page of the language whose first visits the model check below opens anyway; every
# other page in tests/reader/test_page_sweep.py, on its light desktop load (the same function).
@pytest.mark.parametrize("lang,path", [(lang, path) for lang, path in PAGES
                                       if is_sample(path) and lang == fast_language(0)])
def test_first_visit_and_next_page_within_budget(new_context, base_url, first_visit, lang, path):
    url = base_url.rstrip("/")
    measured = page_weight.measure_page(new_context, url, lang, path, site_pages(lang), first_visit)
    problems = weight_problems(measured, path, url)
    assert problems == [], problem_report(problems)


@pytest.mark.parametrize("lang", in_turn(LANGS, 0))
def test_next_page_model_matches_a_real_cache(new_context, base_url, first_visit, lang):
    """The computed ``next`` figure against the browser's cache: the start page, then the page, in one context.

    notesite/tools/serve.py sends ``Last-Modified`` and no ``Cache-Control``, so Chromium
    keeps a file fresh for a tenth of its age (heuristic freshness). Files built hours
    ago come from the cache with no request, and the real figure equals the model's;
    files built a minute ago are revalidated (observed: the start page's shared files
    asked again and answered ``304 Not Modified``, 127 bytes of headers each), and the
    real figure is the model's plus those headers. Anything more (a shared file fetched
    again in full, a file the model counts that the page does not fetch) means that
    the model is wrong.
    """
    url = base_url.rstrip("/")
    pages = site_pages(lang)
    path = f"{lang}/{SAMPLE_PAGES[0]}"
    model = page_weight.measure_page(new_context, url, lang, path, pages, first_visit)["next"]
    real = page_weight.real_next(new_context, url, lang, path, pages)
    revalidated = {u: size for u, size in real["requests"].items() if real["statuses"].get(u) == 304}
    assert all(size <= REVALIDATION_MAX for size in revalidated.values()), revalidated
    fetched = {u for u, size in real["requests"].items() if size and u not in revalidated}
    counted = {u for u, size in model["requests"].items() if size}
    assert fetched == counted, (
        f"{path}: fetched after the start page but not in the model: {sorted(fetched - counted)}; "
        f"in the model but not fetched: {sorted(counted - fetched)}")
    overhead = sum(revalidated.values())
    assert real["bytes"] - overhead <= model["bytes"], (
        f"{path}: the cache saves less than the model says: {real['bytes']} bytes transferred, "
        f"{overhead} of them revalidations, the model {model['bytes']}: {largest(real['files'], url)}")


def test_no_font_awesome_script_or_icon_font(base_url, first_visit):
    """The 1.5 MiB script and the icon web fonts are not fetched (the icons come from icons.css)."""
    path = next(p for lang, p in PAGES if p.endswith("tensors/basics.html"))
    fetched = [name.removeprefix(base_url) for name in first_visit(path)["files"]]
    assert not [f for f in fetched if f.endswith("fontawesome.js") or f.endswith((".woff2", ".woff", ".ttf"))], fetched
    assert any(f.endswith("/_static/icons.css") for f in fetched)
