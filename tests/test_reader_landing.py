"""The landing page at the site root offers both languages and remembers the reader's choice.

A first visit shows both choices; choosing one stores it (localStorage), and the
next visit to the root goes straight to that language. ``?choose`` shows the
choice again, and the language switch on a page changes the stored choice too.
"""

from __future__ import annotations

import pytest


pytestmark = pytest.mark.browser


def choices(page) -> dict[str, str]:
    return dict(page.eval_on_selector_all("a[data-lang]", "els => els.map(a => [a.dataset.lang, a.getAttribute('href')])"))


def test_first_visit_shows_both_languages(site):
    url, browser = site
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/")
    assert page.url == f"{url}/"
    assert choices(page) == {"zh": "zh/index.html", "en": "en/index.html"}
    assert page.get_by_text("中文", exact=True).is_visible()
    assert page.get_by_text("English", exact=True).is_visible()
    context.close()


@pytest.mark.parametrize("first,label,second,second_label", [("zh", "中文", "en", "English"), ("en", "English", "zh", "中文")])
def test_returning_reader_goes_to_the_language_chosen_last(site, first, label, second, second_label):
    url, browser = site
    context = browser.new_context()  # a fresh profile: empty localStorage
    page = context.new_page()
    page.goto(f"{url}/")
    with page.expect_navigation():
        page.get_by_text(label, exact=True).click()
    assert page.url == f"{url}/{first}/index.html"

    page.goto(f"{url}/")  # the root again: redirected at once
    page.wait_for_url(f"{url}/{first}/index.html")

    page.goto(f"{url}/?choose")  # ?choose shows the choice again
    assert page.url == f"{url}/?choose"
    assert set(choices(page)) == {"zh", "en"}
    with page.expect_navigation():
        page.get_by_text(second_label, exact=True).click()
    assert page.url == f"{url}/{second}/index.html"
    page.goto(f"{url}/")
    page.wait_for_url(f"{url}/{second}/index.html")
    context.close()


def test_language_switch_on_a_page_updates_the_choice(site):
    url, browser = site
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/zh/index.html")
    with page.expect_navigation():
        page.locator("a[data-lang-switch]").click()
    assert page.url == f"{url}/en/index.html"
    page.goto(f"{url}/")
    page.wait_for_url(f"{url}/en/index.html")
    context.close()
