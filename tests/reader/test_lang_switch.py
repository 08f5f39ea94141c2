"""Every page has a language switch to the same page, at the same section, in each other language.

The switch is one link per other language of notesite/core/languages.py, in site order,
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

from notesite.core import languages
from notesite.ext import page_alignment
from tests.browser import LANGS, SITE, site_pages, tiered
from tests.helpers import ROOT

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


def switch_problems(tab, lang: str, page: str) -> list[str]:
    """What is wrong with the switch links of the open ``page``: one per other language, in site
    order, named, labelled and tagged as that language declares, pointing to its built twin."""
    links = tab.locator("a[data-lang-switch]")
    codes = [links.nth(i).get_attribute("data-lang-switch") for i in range(links.count())]
    if codes != others(lang):
        return [f"{page}: the switch offers {codes}, expected one link per other language, in site order: {others(lang)}"]
    found = []
    for i, code in enumerate(codes):
        other, link = languages.get(code), links.nth(i)
        seen = link.evaluate("a => ({text: a.innerText.trim(), label: a.getAttribute('aria-label'), "
                             "title: a.title, lang: a.lang, hreflang: a.hreflang, href: a.getAttribute('href')})")
        expected = {"text": other.name, "label": other.switch_label, "title": other.switch_label,
                    "lang": other.html_lang, "hreflang": other.html_lang}
        found += [f"{page}: the switch to {code} has {key} {seen[key]!r}, expected {value!r}"
                  for key, value in expected.items() if seen[key] != value]
        if not link.is_visible():
            found.append(f"{page}: the switch to {code} is hidden")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), seen["href"].split("#")[0]))
        if target != twin(page, code):
            found.append(f"{page}: the switch to {code} points to {target}, not {twin(page, code)}")
        elif not (SITE / target).is_file():
            found.append(f"{page}: the switch points to {target}, which was not built")
    return found


@pytest.mark.parametrize("lang,path", tiered(PAGES, lambda v: v[1]))
def test_switch_links_to_the_twins_at_the_same_section(warm_tab, base_url, lang, path):
    """Opened at its last section label (the deepest scroll), the page offers each other language
    (switch_problems), and each switch lands on its twin at that label."""
    labels = labels_of(path)
    hash_ = f"#{labels[-1]}" if labels else ""
    for n, code in enumerate(others(lang)):
        tab = warm_tab(f"{path}{hash_}")  # reset for each language: nothing carried over
        if n == 0:  # the links are the same on every load
            problems = switch_problems(tab, lang, path)
            assert not problems, "\n".join(problems)
        click_switch(tab, code)
        assert tab.url == f"{base_url}{twin(path, code)}{hash_}"
        if labels:
            assert tab.locator(f"[id='{labels[-1]}']").count() == 1, f"{twin(path, code)} has no element {hash_}"
            assert labels_of(twin(path, code)) == labels


@pytest.mark.parametrize("lang", LANGS)
def test_switch_follows_the_section_scrolled_to(warm_tab, base_url, lang):
    """Without a #label in the address, each switch aims at the section on screen."""
    path = next(p for p in site_pages(lang) if len(labels_of(p)) >= 3)
    label = labels_of(path)[2]
    for code in others(lang):
        tab = warm_tab(path, "desktop")
        tab.evaluate("id => document.getElementById(id).scrollIntoView()", label)
        tab.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 100", arg=label)
        click_switch(tab, code)
        assert tab.url == f"{base_url}{twin(path, code)}#{label}"
