"""The full tier's browser sweep: every page, loaded once per colour scheme and window size.

Each per-page check of the reader tests (tests/reader/sweeps.py) runs in the fast tier on the
sample pages, from its feature's test file. Here, in the full tier, every page of both
languages and the root pages (landing page, 404 page) is loaded once per colour scheme
at a desktop size, and every check that needs that size runs on that one load; the phone
and tablet sizes get one load per page and scheme each in the same way. A page's problems
are reported together, each prefixed with its check's name.

* Desktop (1280x800), light and dark, read once loaded (the load event: the theme's scripts set
  the page up when the document is parsed and at that event; what a timer or a late request
  changed afterwards, the checks before axe-core would not see): the mode set before the body
  starts, one search entry and no empty bar (tests/reader/test_search_entry.py), the colour
  scheme and contrast, or the root pages' own colours (tests/reader/test_layout.py), the icons
  (test_lean_pages.py); then, once the network has been quiet for 500 ms (Playwright's
  networkidle; the checks before take about that long), offline and error-free
  (tests/reader/test_offline.py), every request since the page started counted, and in light
  mode the page's weight (tests/reader/test_page_weight.py), this load being its first visit;
  then axe-core's WCAG 2.1 A/AA audit, the slowest (test_the_audit_finds_what_it_is_for, below,
  shows that it catches a defect; the contrast of the code blocks is the colour scheme check's,
  test_the_contrast_check_finds_a_faint_token); last, in light mode, every accessible name in
  the language of its element (tests/reader/test_chrome.py; it clicks a copy button). The
  checks that only read the page run before the one that takes screenshots.
* Phone (390x844, touch), light: the phone layout (tests/reader/test_layout.py) and the search
  entry.
* Tablet (820x1180, touch): the search entry, every page in light mode, the sample pages
  in dark mode too (the colour scheme changes colours, not which elements the layout shows).

The desktop loads take a fresh context each (what goes over the network, the first paint); the
phone and tablet loads read the page only, in the warm tab of their size (tests.browser.WarmTabs).
"""

from __future__ import annotations

import pytest

from notesite.core import languages
from notesite.tools import page_weight
from tests.browser import LANGS, is_sample, open_page, screenshot, site_pages
from tests.reader.language_checks import accessible_names, names_in_wrong_language
from tests.reader.sweeps import (Recorder, axe_problems, contrast_problems, first_theme_problems, icon_problems,
                                 offline_problems, phone_problems, problem_report, root_scheme_problems, run_checks,
                                 search_entry_problems, watch_first_theme, weight_problems)

pytestmark = [pytest.mark.browser, pytest.mark.full]

SITE_PAGES = [p for lang in LANGS for p in site_pages(lang)]  # the languages' sites
ALL_PAGES = site_pages()  # and the root pages


def test_the_audit_finds_what_it_is_for(new_context):
    """axe-core (the copy axe-playwright-python bundles, pinned in requirements.txt) runs the WCAG
    2.1 A/AA rules that the sweep relies on: on a page with faint text, an image without
    alternative text and a code block that scrolls but cannot be reached by keyboard it reports all three."""
    tab = open_page(new_context, None, "desktop", "light")
    lang = languages.by_script("Latn")[0].html_lang  # the probe's words are English
    tab.set_content(f'<!doctype html><html lang="{lang}"><head><title>probe</title></head><body><main>'
                    '<p style="color:#c8c8c8;background:#fff">faint text</p><img src="data:,">'
                    '<div class="highlight"><pre style="overflow:auto;width:40px">a_line_wider_than_its_box = 1</pre>'
                    '</div></main></body></html>')
    [found] = axe_problems(tab, "probe")
    assert "color-contrast" in found and "image-alt" in found, found
    # the code blocks too, in their own run (sweeps.AXE_RUNS): one that scrolls is reached by keyboard
    assert "scrollable-region-focusable" in found, found


def test_the_contrast_check_finds_a_faint_token(new_context):
    """The sweep's axe-core audit leaves the contrast of code blocks to contrast_problems
    (sweeps.AXE_RUNS): a token in grey #888 on white (3.5:1, under AA's 4.5:1) is found and named."""
    tab = open_page(new_context, None, "desktop", "light")
    lang = languages.by_script("Latn")[0].html_lang  # the probe's words are English
    tab.set_content(f'<!doctype html><html lang="{lang}" data-theme="light"><head><title>probe</title></head>'
                    '<body style="background:#fff"><main><div class="highlight" style="background:#fff"><pre>'
                    '<span class="kn" style="color:#000">import</span> <span class="nn" style="color:#888">torch</span></pre></div></main></body></html>')
    problems = contrast_problems(tab, "probe", "light")
    assert any("syntax colour contrast 3.54 < 4.5" in p and 'nn "torch"' in p for p in problems), problems
    # black at half opacity is drawn grey, #808080 on white (3.98:1): drawn colours, not declared ones
    tab.eval_on_selector("span.nn", "el => { el.style.color = '#000'; el.style.opacity = '0.5'; }")
    problems = contrast_problems(tab, "probe", "light")
    assert any("syntax colour contrast 3.9" in p and 'nn "torch"' in p for p in problems), problems


# Keeps the network busy after the load (a local request every 0.3 s, less than networkidle's 0.5 s)
# for about 3 s, longer than the checks before the offline check take, then asks another host.
LATE_REQUEST = """<script>addEventListener('load', () => {
  const local = new URL(document.querySelector('link[href*="icons.css"]').href);  // the page's own style sheet
  let left = 10;
  const next = () => left-- > 0 ? (local.searchParams.set('late', left), fetch(local).then(() => setTimeout(next, 300)))
                                : fetch('LATE').catch(() => null);
  next();
});</script></body>"""


def test_the_desktop_load_sees_late_requests_and_weighs_the_page(new_context, base_url, monkeypatch):
    """The desktop checks run from the load on, and the offline check once the network has been
    quiet: a request to another host made seconds after the load, when the checks before it are
    done, is still seen; the light load's page weight is measured on the same load (a budget of
    1 KiB, which every page exceeds, fails)."""
    path = f"{LANGS[0]}/tensors/basics.html"
    late = "http://late-request.invalid/script.js"
    tab = open_page(new_context, None, "desktop", "light")

    def with_late_request(route):
        answer = route.fetch()
        route.fulfill(response=answer, body=answer.text().replace("</body>", LATE_REQUEST.replace("LATE", late)))

    tab.route(f"{base_url}{path}", with_late_request)
    watch_first_theme(tab)
    recorder = Recorder(tab, base_url)
    monkeypatch.setattr(page_weight, "FIRST_BUDGET", 1024)
    weight = weight_check(page_weight.Meter(tab), path, base_url.rstrip("/"), {}, new_context)
    tab.goto(path)
    problems = run_checks(desktop_checks(tab, recorder, path, "light", weight))
    assert any(p.startswith("[offline]") and late in p for p in problems), problems
    assert any(p.startswith("[page weight]") and "(budget 1 KiB)" in p for p in problems), problems


def shot_name(page: str, mode: str) -> str | None:
    """The screenshot the feature tests take of a sample page in ``mode`` (test-artifacts/)."""
    if page.endswith("tensors/basics.html"):
        return f"{mode}-{page.replace('/', '-').removesuffix('.html')}"
    return f"{mode}-root-{page.removesuffix('.html')}" if "/" not in page else None


@pytest.fixture(scope="module")
def weighed():
    """``page -> its first visit`` (page_weight's figure), from the light desktop loads so far and
    the start pages opened for them."""
    return {}


def weight_check(meter, page: str, base: str, weighed: dict, new_context):
    """A page's weight (tests/reader/test_page_weight.py): this load is its first visit (a fresh context),
    the start page of its language (this module's load of it, or one opened for it) the page before."""
    lang = page.split("/", 1)[0]
    first = page_weight.first_visits(new_context, base, weighed)

    def check() -> list[str]:
        weighed[page] = meter.figure()  # read once the network is quiet (the offline check waits)
        measured = page_weight.measure_page(new_context, base, lang, page, site_pages(lang), first)
        return weight_problems(measured, page, base)

    return check


def desktop_checks(tab, recorder, page: str, scheme: str, weight=None) -> list:
    """The checks of a page loaded at the desktop size, in the order they run (``weight``: the
    light load's page weight check, ``weight_check``)."""
    checks = []
    if page in SITE_PAGES:
        checks += [("first paint", lambda: first_theme_problems(tab, page, scheme)),
                   ("search entry", lambda: search_entry_problems(tab, page, f"desktop-{scheme}")),
                   ("colour scheme", lambda: contrast_problems(tab, page, scheme))]
    else:
        checks += [("colour scheme", lambda: root_scheme_problems(tab, page, scheme))]
    if shot_name(page, scheme):
        checks += [("screenshot", lambda: screenshot(tab, shot_name(page, scheme)) or [])]
    if page in SITE_PAGES:
        checks += [("icons", lambda: icon_problems(tab, page, scheme))]
    # Once the network has been quiet for 500 ms (Playwright's networkidle; the checks above take
    # about as long): every request since the page started, the late ones too, each answered or
    # failed; and what they transferred. Before axe-core, whose audit fetches the style sheets
    # itself and resolves theme.css's @import "../basic.css" against the page's address, not the
    # style sheet's (from <code>/gpu.html, the root's /basic.css: a 404 that is the audit's, not
    # the page's).
    checks += [("offline", lambda: offline_once_quiet(tab, recorder, page))]
    if weight is not None:
        checks += [("page weight", weight)]
    checks += [("axe", lambda: axe_problems(tab, page))]  # the slowest
    if scheme == "light":  # last: it clicks a copy button, which changes the button's tooltip
        checks += [("accessible names", lambda: name_problems(tab, page))]
    return checks


def offline_once_quiet(tab, recorder, page: str) -> list[str]:
    """``offline_problems`` once the network has been quiet for 500 ms (at once if it has been already)."""
    tab.wait_for_load_state("networkidle")
    return offline_problems(recorder, tab, page)


def name_problems(tab, page: str) -> list[str]:
    """tests/reader/test_chrome.py's check: every accessible name in the language of its element."""
    return [f"{page}: accessible name in the wrong language (translate it in docs/_locale): {bad}"
            for bad in sorted(set(names_in_wrong_language(accessible_names(tab))))]


@pytest.mark.parametrize("scheme,path", [(scheme, path) for scheme in ("light", "dark") for path in ALL_PAGES])
def test_desktop_page(new_context, base_url, weighed, scheme, path):
    tab = open_page(new_context, None, "desktop", scheme)
    watch_first_theme(tab)
    recorder = Recorder(tab, base_url)
    weight = None
    if scheme == "light" and path in SITE_PAGES:
        weight = weight_check(page_weight.Meter(tab), path, base_url.rstrip("/"), weighed, new_context)
    tab.goto(path)  # once loaded: the offline check waits for the network to go quiet, last
    problems = run_checks(desktop_checks(tab, recorder, path, scheme, weight))
    assert problems == [], problem_report(problems)


def phone_checks(tab, page: str) -> list:
    checks = [("phone layout", lambda: phone_problems(tab, page, site_page=page in SITE_PAGES))]
    if page in SITE_PAGES:
        checks += [("search entry", lambda: search_entry_problems(tab, page, "phone-light"))]
    return checks


@pytest.mark.parametrize("path", ALL_PAGES)
def test_phone_page(warm_tab, path):
    tab = warm_tab(path, "phone", "light")
    problems = run_checks(phone_checks(tab, path))
    assert problems == [], problem_report(problems)


@pytest.mark.parametrize("scheme,path", [(scheme, path) for scheme in ("light", "dark") for path in SITE_PAGES
                                         if scheme == "light" or is_sample(path)])
def test_tablet_page(warm_tab, scheme, path):
    tab = warm_tab(path, "tablet", scheme)
    name = f"tablet-{scheme}"
    problems = run_checks([("search entry", lambda: search_entry_problems(tab, path, name))])
    if path.endswith("tensors/basics.html"):
        screenshot(tab, f"search-entry-{name}-{path.replace('/', '-')}")
    assert problems == [], problem_report(problems)
