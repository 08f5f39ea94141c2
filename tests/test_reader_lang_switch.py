"""Every page has a language switch to the same page, at the same section, in the other language.

Pages are listed from the sources, so new pages are covered as they arrive (the
fast tier opens the sample pages, the full tier every page). Section labels are the same in both languages (test_pages_align.py), so
the section's id carries over: opened at ``#<label>``, the switch lands on the
twin page at the same ``#<label>``, and that element exists there.
"""

from __future__ import annotations

import posixpath

import pytest

import page_alignment
from browser import LANGS, SITE, other_lang, site_pages, tiered
from helpers import ROOT

pytestmark = pytest.mark.browser

PAGES = [(lang, page) for lang in LANGS for page in site_pages(lang)]


def labels_of(page: str) -> list[str]:
    """The section labels in the page's source (none for generated pages such as search.html)."""
    lang, rel = page.split("/", 1)
    source = ROOT / "docs" / lang / (rel.removesuffix(".html") + ".md")
    return page_alignment.labels(source.read_text(encoding="utf-8")) if source.is_file() else []


def click_switch(tab) -> None:
    """Click the switch where it is, as a reader does: Playwright's own click would
    first scroll the page (the switch sits in a sticky header), changing the section."""
    box = tab.locator("a[data-lang-switch]").bounding_box()
    with tab.expect_navigation():
        tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def twin(page: str) -> str:
    lang, rel = page.split("/", 1)
    return f"{other_lang(lang)}/{rel}"


@pytest.mark.parametrize("lang,page", tiered(PAGES, lambda v: v[1]))
def test_switch_links_to_the_existing_twin(site, lang, page):
    url, browser = site
    tab = browser.new_page()
    tab.goto(f"{url}/{page}")
    links = tab.locator("a[data-lang-switch]")
    assert links.count() == 1, f"{page}: expected one language switch"
    link = links.first
    assert link.is_visible()
    assert link.get_attribute("data-lang-switch") == other_lang(lang)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.get_attribute("href").split("#")[0]))
    assert target == twin(page)
    assert (SITE / target).is_file(), f"{page}: the switch points to {target}, which was not built"
    tab.close()


@pytest.mark.parametrize("lang,page", tiered(PAGES, lambda v: v[1]))
def test_switch_keeps_the_section(site, lang, page):
    """Opened at its last section label (the deepest scroll), the switch lands there on the twin."""
    url, browser = site
    labels = labels_of(page)
    hash_ = f"#{labels[-1]}" if labels else ""
    tab = browser.new_page()
    tab.goto(f"{url}/{page}{hash_}")
    click_switch(tab)
    assert tab.url == f"{url}/{twin(page)}{hash_}"
    if labels:
        assert tab.locator(f"[id='{labels[-1]}']").count() == 1, f"{twin(page)} has no element {hash_}"
        assert labels_of(twin(page)) == labels
    tab.close()


def test_switch_follows_the_section_scrolled_to(site):
    """Without a #label in the address, the switch aims at the section on screen."""
    url, browser = site
    page = next(p for p in site_pages("en") if len(labels_of(p)) >= 3)
    label = labels_of(page)[2]
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(f"{url}/{page}")
    tab.evaluate("id => document.getElementById(id).scrollIntoView()", label)
    tab.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 100", arg=label)
    click_switch(tab)
    assert tab.url == f"{url}/{twin(page)}#{label}"
    tab.close()
