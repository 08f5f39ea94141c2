"""Search works in a real browser, in Chinese (jieba + the stemmer fix) and in English.

Each case names the page that must be among the hits. A case whose page is not
in the built site fails (it does not skip): the autograd and data pages are
expected at autograd.md and data.md.
"""

from __future__ import annotations

import pytest

from browser import SITE

pytestmark = pytest.mark.browser

FULL = pytest.mark.full
CASES = [  # the fast tier searches once per language
    ("zh", "张量", "tensors/basics.html"),
    pytest.param("zh", "自动求导", "autograd.html", marks=FULL),
    pytest.param("zh", "数据加载", "data.html", marks=FULL),
    ("en", "tensor", "tensors/basics.html"),
    pytest.param("en", "autograd", "autograd.html", marks=FULL),
    pytest.param("en", "DataLoader", "data.html", marks=FULL),
]


@pytest.mark.parametrize("lang,query,expected", CASES)
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
