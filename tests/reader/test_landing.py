"""The landing page at the site root offers every language and remembers the reader's choice.

A first visit shows one choice per language of notesite/core/languages.py, in site
order, each named with the language's ``name``; choosing one stores it
(localStorage), and the next visit to the root goes straight to that language.
``?choose`` shows the choice again, and the language switch on a page changes the
stored choice too.
"""

from __future__ import annotations

import pytest

from notesite.core import languages
from tests.browser import in_turn
from tests.helpers import LANGS

pytestmark = pytest.mark.browser


def choices(tab) -> list[tuple[str, str]]:
    """(data-lang, href) of each choice, in page order."""
    return [tuple(c) for c in tab.eval_on_selector_all(
        "a[data-lang]", "els => els.map(a => [a.dataset.lang, a.getAttribute('href')])")]


def test_first_visit_shows_every_language(warm_tab, base_url):
    tab = warm_tab(None)  # reset: an empty localStorage, as on a first visit
    tab.goto("")  # the site's root
    assert tab.url == base_url
    assert choices(tab) == [(code, f"{code}/index.html") for code in languages.CODES]
    for lang in languages.LANGUAGES:
        choice = tab.locator(f'a[data-lang="{lang.code}"]')
        assert choice.locator("strong").inner_text() == lang.name, f"the choice of {lang.code} is not named {lang.name!r}"
        assert choice.get_attribute("lang") == lang.html_lang
        assert tab.get_by_text(lang.name, exact=True).is_visible()


# Each language chosen first, then the next one in site order (the first after the last).
PAIRS = [(first, LANGS[(i + 1) % len(LANGS)]) for i, first in enumerate(LANGS)]


@pytest.mark.parametrize("first,second", in_turn(PAIRS, 0, lang_of=lambda pair: pair[0]))
def test_returning_reader_goes_to_the_language_chosen_last(warm_tab, base_url, first, second):
    tab = warm_tab(None)  # reset: an empty localStorage, as on a first visit
    tab.goto("")
    with tab.expect_navigation():
        tab.get_by_text(languages.get(first).name, exact=True).click()
    assert tab.url == f"{base_url}{first}/index.html"

    tab.goto("")  # the root again: redirected at once
    tab.wait_for_url(f"{base_url}{first}/index.html")

    tab.goto("?choose")  # ?choose shows the choice again
    assert tab.url == f"{base_url}?choose"
    assert [code for code, _ in choices(tab)] == list(languages.CODES)
    with tab.expect_navigation():
        tab.get_by_text(languages.get(second).name, exact=True).click()
    assert tab.url == f"{base_url}{second}/index.html"
    tab.goto("")
    tab.wait_for_url(f"{base_url}{second}/index.html")


def test_language_switch_on_a_page_updates_the_choice(warm_tab, base_url):
    tab = warm_tab(None)  # reset: an empty localStorage, as on a first visit
    first = languages.FIRST
    for other in languages.others(first):
        tab.goto(f"{first.code}/index.html")
        with tab.expect_navigation():
            tab.locator(f'a[data-lang-switch="{other.code}"]').click()
        assert tab.url == f"{base_url}{other.code}/index.html"
        tab.goto("")
        tab.wait_for_url(f"{base_url}{other.code}/index.html")
