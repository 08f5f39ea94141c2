"""Every page has a language switch to the same page, at the same section, in each other language.

The switch is one link per other language of docs/_tools/languages.py, in site order,
named and labelled as that language declares (its ``name`` and ``switch_label``, in
that language, with its ``lang`` and ``hreflang``). Pages are listed from the sources,
so new pages are covered as they arrive (the fast tier opens the sample pages, the
full tier every page). Section labels are the same in every language
(test_pages_align.py), so the section's id carries over: opened at ``#<label>``, each
link lands on the twin page at the same ``#<label>``, and that element exists there.
"""

from __future__ import annotations

import posixpath

import pytest

import languages
import page_alignment
from browser import LANGS, SITE, site_pages, tiered
from helpers import ROOT

pytestmark = pytest.mark.browser

PAGES = [(lang, page) for lang in LANGS for page in site_pages(lang)]


def labels_of(page: str) -> list[str]:
    """The section labels in the page's source (none for generated pages such as search.html)."""
    lang, rel = page.split("/", 1)
    source = ROOT / "docs" / lang / (rel.removesuffix(".html") + ".md")
    return page_alignment.labels(source.read_text(encoding="utf-8")) if source.is_file() else []


def click_switch(tab, code: str) -> None:
    """Click the switch to language ``code`` where it is, as a reader does: Playwright's own
    click would first scroll the page (the switch sits in a sticky header), changing the section."""
    box = tab.locator(f'a[data-lang-switch="{code}"]').bounding_box()
    with tab.expect_navigation():
        tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def twin(page: str, code: str) -> str:
    """The same page in language ``code``."""
    _, rel = page.split("/", 1)
    return f"{code}/{rel}"


def others(lang: str) -> list[str]:
    """The codes of the languages the switch on ``lang``'s pages offers, in site order."""
    return [other.code for other in languages.others(languages.get(lang))]


@pytest.mark.parametrize("lang,page", tiered(PAGES, lambda v: v[1]))
def test_switch_links_to_the_existing_twins(site, lang, page):
    url, browser = site
    tab = browser.new_page()
    tab.goto(f"{url}/{page}")
    links = tab.locator("a[data-lang-switch]")
    codes = [links.nth(i).get_attribute("data-lang-switch") for i in range(links.count())]
    assert codes == others(lang), f"{page}: expected one switch per other language, in site order"
    for i, code in enumerate(codes):
        other = languages.get(code)
        link = links.nth(i)
        assert link.is_visible(), f"{page}: the switch to {code} is hidden"
        assert link.inner_text().strip() == other.name, f"{page}: the switch to {code} is not named {other.name!r}"
        assert link.get_attribute("aria-label") == other.switch_label
        assert link.get_attribute("title") == other.switch_label
        assert link.get_attribute("lang") == other.html_lang
        assert link.get_attribute("hreflang") == other.html_lang
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.get_attribute("href").split("#")[0]))
        assert target == twin(page, code)
        assert (SITE / target).is_file(), f"{page}: the switch points to {target}, which was not built"
    tab.close()


@pytest.mark.parametrize("lang,page", tiered(PAGES, lambda v: v[1]))
def test_switch_keeps_the_section(site, lang, page):
    """Opened at its last section label (the deepest scroll), each switch lands there on its twin."""
    url, browser = site
    labels = labels_of(page)
    hash_ = f"#{labels[-1]}" if labels else ""
    for code in others(lang):
        tab = browser.new_page()
        tab.goto(f"{url}/{page}{hash_}")
        click_switch(tab, code)
        assert tab.url == f"{url}/{twin(page, code)}{hash_}"
        if labels:
            assert tab.locator(f"[id='{labels[-1]}']").count() == 1, f"{twin(page, code)} has no element {hash_}"
            assert labels_of(twin(page, code)) == labels
        tab.close()


@pytest.mark.parametrize("lang", LANGS)
def test_switch_follows_the_section_scrolled_to(site, lang):
    """Without a #label in the address, each switch aims at the section on screen."""
    url, browser = site
    page = next(p for p in site_pages(lang) if len(labels_of(p)) >= 3)
    label = labels_of(page)[2]
    for code in others(lang):
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.goto(f"{url}/{page}")
        tab.evaluate("id => document.getElementById(id).scrollIntoView()", label)
        tab.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 100", arg=label)
        click_switch(tab, code)
        assert tab.url == f"{url}/{twin(page, code)}#{label}"
        tab.close()
