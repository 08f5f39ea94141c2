"""What a reader's browser transfers stays within the budgets of issue 17, on every page.

A first visit (empty cache) at most 1 MiB; the next page, with the files it shares with
the page before already cached, at most 100 KiB. Measured in Chromium by
docs/_tools/page_weight.py (the same function ``make bench`` reports with), with the
site served as ``make serve`` serves it. The fast tier measures the sample pages, the
full tier every page of every language. A size budget, not a timing: the figures are
bytes, the same on every machine.
"""

from __future__ import annotations

import pytest

import page_weight
from browser import LANGS, site_pages, tiered

pytestmark = pytest.mark.browser

PAGES = [(lang, page) for lang in LANGS for page in site_pages(lang)]


def largest(files: dict[str, int], base: str) -> str:
    return ", ".join(f"{name.removeprefix(base)} {size // 1024} KiB" for name, size in list(files.items())[:5])


@pytest.mark.parametrize("lang,page", tiered(PAGES, page_of=lambda v: v[1]))
def test_first_visit_and_next_page_within_budget(site, lang, page):
    url, browser = site
    measured = page_weight.measure_page(browser, url, lang, page, site_pages(lang))
    first, after = measured["first"], measured["next"]
    assert first["bytes"] <= page_weight.FIRST_BUDGET, (
        f"{page}: a first visit transfers {first['bytes'] / 1024:.0f} KiB (budget 1 MiB): {largest(first['files'], url)}")
    assert after["bytes"] <= page_weight.NEXT_BUDGET, (
        f"{page}: as the next page it transfers {after['bytes'] / 1024:.0f} KiB (budget 100 KiB): "
        f"{largest(after['files'], url)}")


def test_no_font_awesome_script_or_icon_font(site):
    """The 1.5 MiB script and the icon web fonts are not fetched (the icons come from icons.css)."""
    url, browser = site
    page = next(p for lang, p in PAGES if p.endswith("tensors/basics.html"))
    files = page_weight.measure_page(browser, url, page.split("/")[0], page, site_pages(page.split("/")[0]))["first"]["files"]
    fetched = [name.removeprefix(url) for name in files]
    assert not [f for f in fetched if f.endswith("fontawesome.js") or f.endswith((".woff2", ".woff", ".ttf"))], fetched
    assert any(f.endswith("/_static/icons.css") for f in fetched)
