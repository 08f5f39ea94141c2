"""One way to search on every page, and no bar that holds nothing else (issue 17).

At a desktop, a tablet and a phone width, in light and dark mode, in every language:
exactly one search entry (a search field, or a button that opens the search dialog) is
on screen, and every bar across the page (the theme's top header, the article header)
that is on screen holds something besides search. The fast tier checks the sample pages
at a desktop and a phone width in both colour schemes, the full tier every page at every
width in light mode as well (the search
page's own field is its one entry).
"""

from __future__ import annotations

import pytest

from browser import LANGS, is_sample, screenshot, site_pages, tiered

pytestmark = pytest.mark.browser

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "tablet": {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}
PAGES = [p for lang in LANGS for p in site_pages(lang)]

# What is on screen: search entries and bars, and what each bar holds.
ENTRIES = """() => {
  const shown = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
      if (e.tagName === 'DIALOG' && !e.open) return false;
    }
    return true;
  };
  const candidates = [...document.querySelectorAll(
    '.search-button__button, form.bd-search, form[action$="search.html"], input[type=search], [role=search]')].filter(shown);
  const search = candidates.filter(el => !candidates.some(other => other !== el && other.contains(el)));
  const bars = [...document.querySelectorAll('header, .bd-header, .bd-header-article, nav.navbar')].filter(shown).map(bar => {
    const items = [...bar.querySelectorAll('a, button, input, select, [role=button]')].filter(shown);
    return {bar: bar.tagName.toLowerCase() + '.' + [...bar.classList].join('.'),
            height: Math.round(bar.getBoundingClientRect().height),
            other: items.filter(el => !search.some(s => s === el || s.contains(el))).length};
  });
  return {search: search.map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.')), bars};
}"""


@pytest.fixture(scope="module")
def contexts(site):
    """One browser context per window size and colour scheme, opened when a test first needs it."""
    url, browser = site
    made = {}

    def context(size: str, scheme: str):
        if (size, scheme) not in made:
            made[size, scheme] = browser.new_context(color_scheme=scheme, **SIZES[size])
        return made[size, scheme]

    yield url, context
    for context in made.values():
        context.close()


# Every page at every size in light mode; the sample pages in dark mode too (the colour
# scheme changes colours, not which elements the layout shows).
CASES = [(page, size, scheme) for page in PAGES for size in SIZES for scheme in ("light", "dark")
         if scheme == "light" or is_sample(page)]


def tier(case):
    """The fast tier: the sample pages at a desktop and a phone width; the rest in the full tier."""
    page, size, _ = case
    return case if is_sample(page) and size != "tablet" else pytest.param(*case, marks=pytest.mark.full)


@pytest.mark.parametrize("page,size,scheme", [tier(case) for case in CASES])
def test_one_search_entry_and_no_empty_bar(contexts, page, size, scheme):
    url, context = contexts
    name = f"{size}-{scheme}"
    tab = context(size, scheme).new_page()
    tab.goto(f"{url}/{page}", wait_until="load")
    found = tab.evaluate(ENTRIES)
    if page.endswith("tensors/basics.html"):
        screenshot(tab, f"search-entry-{name}-{page.replace('/', '-')}")
    tab.close()
    assert len(found["search"]) == 1, f"{page} ({name}): {len(found['search'])} search entries on screen: {found['search']}"
    empty = [bar for bar in found["bars"] if bar["other"] == 0]
    assert empty == [], f"{page} ({name}): a bar that holds nothing but search: {empty}"
