"""One way to search on every page, and no bar that holds nothing else (issue 17).

At a desktop, a tablet and a phone width, in light and dark mode, in both languages:
exactly one search entry (a search field, or a button that opens the search dialog) is
on screen, and every bar across the page (the theme's top header, the article header)
that is on screen holds something besides search. The fast tier checks the sample pages,
the full tier every page (the search page's own field is its one entry).
"""

from __future__ import annotations

import pytest

from browser import LANGS, screenshot, site_pages, tiered

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


@pytest.fixture(scope="module", params=[(size, scheme) for size in SIZES for scheme in ("light", "dark")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def context(site, request):
    url, browser = site
    size, scheme = request.param
    context = browser.new_context(color_scheme=scheme, **SIZES[size])
    yield url, context, f"{size}-{scheme}"
    context.close()


@pytest.mark.parametrize("page", tiered(PAGES))
def test_one_search_entry_and_no_empty_bar(context, page):
    url, ctx, name = context
    tab = ctx.new_page()
    tab.goto(f"{url}/{page}", wait_until="networkidle")
    found = tab.evaluate(ENTRIES)
    if page.endswith("tensors/basics.html"):
        screenshot(tab, f"search-entry-{name}-{page.replace('/', '-')}")
    tab.close()
    assert len(found["search"]) == 1, f"{page} ({name}): {len(found['search'])} search entries on screen: {found['search']}"
    empty = [bar for bar in found["bars"] if bar["other"] == 0]
    assert empty == [], f"{page} ({name}): a bar that holds nothing but search: {empty}"
