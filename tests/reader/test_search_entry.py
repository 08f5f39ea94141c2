"""One way to search on every page, and no bar that holds nothing else (issue 17).

At a desktop, a tablet and a phone width, in light and dark mode, in every language:
exactly one search entry (a search field, or a button that opens the search dialog) is
on screen, and every bar across the page (the theme's top header, the article header)
that is on screen holds something besides search (``sweeps.search_entry_problems``; the
search page's own field is its one entry). The fast tier checks the sample pages at a
desktop and a phone width in both colour schemes; the full tier every page at every width
in light mode as well, in tests/reader/test_page_sweep.py.
"""

from __future__ import annotations

import pytest

from tests.browser import LANGS, is_sample, screenshot, site_pages
from tests.reader.sweeps import SIZES, contexts_by_size, problem_report, search_entry_problems

pytestmark = pytest.mark.browser

PAGES = [p for lang in LANGS for p in site_pages(lang)]


@pytest.fixture(scope="module")
def contexts(site):
    yield from contexts_by_size(site)


# The fast tier: the sample pages at a desktop and a phone width, in light and dark mode.
# The full tier (tests/reader/test_page_sweep.py, one load per page, scheme and size for all the
# per-page checks): every page at every size in light mode, at the desktop width in dark
# mode too, and the sample pages at the tablet width in dark mode (the colour scheme
# changes colours, not which elements the layout shows).
CASES = [(page, size, scheme) for page in PAGES if is_sample(page) for size in SIZES if size != "tablet"
         for scheme in ("light", "dark")]


@pytest.mark.parametrize("page,size,scheme", CASES)
def test_one_search_entry_and_no_empty_bar(contexts, page, size, scheme):
    url, context = contexts
    name = f"{size}-{scheme}"
    tab = context(size, scheme).new_page()
    tab.goto(f"{url}/{page}", wait_until="load")
    problems = search_entry_problems(tab, page, name)
    if page.endswith("tensors/basics.html"):
        screenshot(tab, f"search-entry-{name}-{page.replace('/', '-')}")
    tab.close()
    assert problems == [], problem_report(problems)
