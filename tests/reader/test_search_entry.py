"""One way to search on every page, and no bar that holds nothing else (issue 17).

At a desktop, a tablet and a phone width, in light and dark mode, in every language:
exactly one search entry (a search field, or a button that opens the search dialog) is
on screen, and every bar across the page (the theme's top header, the article header)
that is on screen holds something besides search (``sweeps.search_entry_problems``; the
search page's own field is its one entry).

The fast tier checks each sample page at a desktop and at a phone width, once each, the
colour schemes taking turns (``tests.browser.fast_scheme``): the first language's page at
the desktop width in light mode and at the phone width in dark mode, the other language's
the other way round, so that each language meets both widths and each width both schemes.
The full tier adds the other two combinations of the sample pages here, and every page at
every width in light mode, at the desktop width in dark mode too, in
tests/reader/test_page_sweep.py.
"""

from __future__ import annotations

import pytest

from tests.browser import LANGS, SCHEMES, fast_scheme, is_sample, screenshot, site_pages
from tests.reader.sweeps import problem_report, search_entry_problems

pytestmark = pytest.mark.browser

PATHS = [p for lang in LANGS for p in site_pages(lang)]
FAST_SIZES = ("desktop", "phone")  # of browser.SIZES; the tablet width: tests/reader/test_page_sweep.py


# The sample pages at a desktop and a phone width, in light and dark mode: one scheme per page
# and width in the fast tier, the other in the full tier. The full tier's sweep
# (tests/reader/test_page_sweep.py, one load per page, scheme and size for all the per-page
# checks) covers every page at every size in light mode, at the desktop width in dark mode
# too, and the sample pages at the tablet width in dark mode (the colour scheme changes
# colours, not which elements the layout shows).
CASES = [(path, size, scheme) if scheme == fast_scheme(path, turn)
         else pytest.param(path, size, scheme, marks=pytest.mark.full)
         for path in PATHS if is_sample(path) for turn, size in enumerate(FAST_SIZES) for scheme in SCHEMES]


@pytest.mark.parametrize("path,size,scheme", CASES)
def test_one_search_entry_and_no_empty_bar(warm_tab, path, size, scheme):
    name = f"{size}-{scheme}"
    tab = warm_tab(path, size, scheme)
    problems = search_entry_problems(tab, path, name)
    if path.endswith("tensors/basics.html"):
        screenshot(tab, f"search-entry-{name}-{path.replace('/', '-')}")
    assert problems == [], problem_report(problems)
