"""Search works in a real browser, in Chinese (jieba + the stemmer fix) and in English."""

from __future__ import annotations

import pytest

from browser import chromium, serve

pytestmark = pytest.mark.browser

CASES = [
    ("zh", "张量", "tensors/basics.html"),
    ("en", "tensor", "tensors/basics.html"),
]


@pytest.fixture(scope="module")
def site():
    with serve() as url, chromium() as browser:
        yield url, browser


@pytest.mark.parametrize("lang,query,expected", CASES)
def test_search_finds_the_page(site, lang, query, expected):
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
    assert any(h.split("#")[0].split("?")[0].endswith(expected) for h in hrefs), hrefs
