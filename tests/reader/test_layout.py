"""The site is usable on a phone and readable in dark mode.

* Phone (390×844, touch): no page scrolls sideways; the text keeps a readable
  size and fits the screen; each link of the language switch is on screen; the navigation
  opens from its button and leads to another page.
* Dark mode (the reader's system setting, ``prefers-color-scheme: dark``): the
  theme's dark mode is applied, and body text, code cells, outputs, notes, the
  language switch, the navigation and every highlighted token of the code keep a readable
  contrast (WCAG AA: 4.5:1), from the first paint (no flash of light mode). Light mode
  is checked the same way.

The fast tier checks the sample pages: every language's on a phone in light mode (each
language's words wrap their own way); one language's, by turns (tests.browser.fast_language),
in dark mode at the desktop size (the first paint and the contrast on one load, as the sweep
does), and the navigation and search on a phone and a desktop; the root pages' own colours.
The full tier runs those in every language, and every page in both modes, in tests/reader/test_page_sweep.py, which loads each page once per colour
scheme and window size for all the per-page checks (``tests/reader/sweeps.py``).
Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import pytest

from tests.browser import LANGS, ROOT_PAGES, in_turn, is_sample, open_page, screenshot, site_pages
from tests.reader.sweeps import (contrast_problems, first_theme_problems, phone_problems, problem_report,
                                 root_scheme_problems, run_checks, watch_first_theme)

pytestmark = pytest.mark.browser

SITE_PAGES = [p for lang in LANGS for p in site_pages(lang)]


@pytest.mark.parametrize("path", [p for p in SITE_PAGES + ROOT_PAGES if is_sample(p)])
def test_phone_no_sideways_scroll_and_readable_text(warm_tab, path):
    tab = warm_tab(path, "phone")
    problems = phone_problems(tab, path, site_page=path in SITE_PAGES)
    assert problems == [], problem_report(problems)


@pytest.mark.parametrize("lang", in_turn(LANGS, 0))
def test_phone_navigation_opens_and_leads_to_another_page(warm_tab, lang):
    path = next(p for p in site_pages(lang) if p.count("/") >= 2)  # a page in a chapter folder
    tab = warm_tab(path, "phone")
    screenshot(tab, f"phone-{lang}-page")
    nav = tab.locator(".bd-sidebar-primary a.reference.internal")
    assert not nav.first.is_visible()  # hidden until asked for
    tab.locator(".bd-header-article button.primary-toggle").tap()
    nav.first.wait_for(state="visible")
    screenshot(tab, f"phone-{lang}-navigation")
    target = nav.last
    href = target.get_attribute("href")
    with tab.expect_navigation():
        target.tap()
    assert tab.url.split("#")[0].endswith(href.split("#")[0].lstrip("./"))


@pytest.mark.parametrize("lang", in_turn(LANGS, 1))
def test_phone_page_contents_open(warm_tab, lang):
    path = next(p for p in site_pages(lang) if p.count("/") >= 2)
    tab = warm_tab(path, "phone")
    tab.locator(".bd-header-article button.secondary-toggle").tap()
    toc = tab.locator("#pst-secondary-sidebar-modal a.nav-link")
    toc.first.wait_for(state="visible")
    assert toc.count() >= 2


@pytest.mark.parametrize("lang", in_turn(LANGS, 1))
def test_desktop_navigation_collapses_and_comes_back(warm_tab, lang):
    tab = warm_tab(f"{lang}/index.html", "desktop")
    sidebar = tab.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    tab.locator(".bd-header-article button.primary-toggle").click()
    sidebar.wait_for(state="hidden")
    tab.locator(".bd-header-article button.primary-toggle").click()
    sidebar.wait_for(state="visible")


@pytest.mark.parametrize("lang", in_turn(LANGS, 0))
def test_phone_search_is_reachable(warm_tab, lang):
    tab = warm_tab(f"{lang}/index.html", "phone")
    tab.locator(".bd-header-article button.search-button").first.tap()
    field = tab.locator("#pst-search-dialog input[name='q']")
    field.wait_for(state="visible")
    field.fill("tensor")
    with tab.expect_navigation():
        field.press("Enter")
    assert "/search.html?q=tensor" in tab.url


# The fast tier: dark mode (light mode, and every page, in tests/reader/test_page_sweep.py).
# On one load per page, like the sweep: the mode from the first paint, then the colours.
SCHEME = "dark"


@pytest.mark.parametrize("path", in_turn([p for p in SITE_PAGES if is_sample(p)], 0))
def test_color_scheme_applied_from_the_first_paint_and_contrast_readable(new_context, path):
    """The theme's dark mode, set when the body starts (no flash of light mode), in colours that
    keep their contrast: the two checks of one load, reported together (sweeps.run_checks)."""
    tab = open_page(new_context, None, "desktop", SCHEME)
    watch_first_theme(tab)
    tab.goto(path)
    problems = run_checks([("first paint", lambda: first_theme_problems(tab, path, SCHEME)),
                           ("colour scheme", lambda: contrast_problems(tab, path, SCHEME))])
    if path.endswith("tensors/basics.html"):
        screenshot(tab, f"{SCHEME}-{path.replace('/', '-').removesuffix('.html')}")
    assert problems == [], problem_report(problems)


@pytest.mark.parametrize("path", ROOT_PAGES)
def test_root_pages_follow_the_color_scheme(warm_tab, path):
    """The landing and 404 pages style themselves (color-scheme: light dark)."""
    tab = warm_tab(path, "desktop", SCHEME)
    problems = root_scheme_problems(tab, path, SCHEME)
    screenshot(tab, f"{SCHEME}-root-{path.removesuffix('.html')}")
    assert problems == [], problem_report(problems)
