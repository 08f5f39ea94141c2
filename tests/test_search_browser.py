"""Search works in a real browser, in every language (Chinese: jieba + the stemmer fix).

The searches are per language, in tests/data/search.json (keyed by language code):
each names the page that must be among the hits. A language of
docs/_tools/languages.py without a search there fails, naming the language; a case
whose page is not in the built site fails (it does not skip): the autograd and data
pages are expected at autograd.md and data.md.
"""

from __future__ import annotations

import json

import pytest

from browser import SITE
from helpers import LANGS, ROOT

pytestmark = pytest.mark.browser

DATA = ROOT / "tests" / "data" / "search.json"
SEARCHES = {code: cases for code, cases in json.loads(DATA.read_text(encoding="utf-8")).items()
            if not code.startswith("_")}


def cases() -> list:
    """(lang, query, page) for each search; the fast tier searches once per language."""
    return [(lang, case["query"], case["page"]) if i == 0
            else pytest.param(lang, case["query"], case["page"], marks=pytest.mark.full)
            for lang in LANGS for i, case in enumerate(SEARCHES.get(lang, []))]


def test_every_language_has_searches():
    missing = [lang for lang in LANGS if not SEARCHES.get(lang)]
    assert not missing, f"{DATA.relative_to(ROOT)} has no search for the language(s) {', '.join(missing)}: add one"
    unknown = sorted(set(SEARCHES) - set(LANGS))
    assert not unknown, f"{DATA.relative_to(ROOT)} has searches for {', '.join(unknown)}, which the site does not have"
    for lang, searches in SEARCHES.items():
        for case in searches:
            assert set(case) == {"query", "page"} and all(case.values()), f"{DATA.relative_to(ROOT)}, {lang}: {case}"


@pytest.mark.parametrize("lang,query,expected", cases())
def test_search_finds_the_page(site, lang, query, expected):
    assert (SITE / lang / expected).is_file(), f"{lang}/{expected} is not in the built site"
    url, browser = site
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/{lang}/search.html?q={query}")
    # Sphinx fills #search-results with one <li> per hit once the index has loaded.
    page.wait_for_selector("#search-results ul.search li a", timeout=20_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    assert errors == [], errors
    assert any(("/" + h.split("#")[0].split("?")[0]).endswith("/" + expected) for h in hrefs), hrefs
