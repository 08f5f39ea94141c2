"""The site is usable on a phone and readable in dark mode.

* Phone (390×844, touch): no page scrolls sideways; the text keeps a readable
  size and fits the screen; each link of the language switch is on screen; the navigation
  opens from its button and leads to another page.
* Dark mode (the reader's system setting, ``prefers-color-scheme: dark``): the
  theme's dark mode is applied, and body text, code cells, outputs, notes, the
  language switch and the navigation keep a readable contrast (WCAG AA: 4.5:1;
  syntax colours 3:1), from the first paint (no flash of light mode). Light mode
  is checked the same way.

The fast tier checks the sample pages; the full tier every page.
Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import pytest

from browser import LANGS, is_sample, open_page, scheme_context, screenshot, site_pages, tiered

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SITE_PAGES = [p for lang in LANGS for p in site_pages(lang)]
ROOT_PAGES = [p for p in site_pages() if "/" not in p]  # landing page, 404 page

CONTRAST = """async () => {
  // Measure the settled colours: the theme switches modes with CSS transitions.
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  function parse(c) { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; }
  function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
  function bg(el) { while (el) { const c = parse(getComputedStyle(el).backgroundColor); if (c && c.a > 0.5) return c; el = el.parentElement; }
    return null; }
  function ratio(el) { const a = lum(parse(getComputedStyle(el).color)), b = lum(bg(el)); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }
  const visible = el => el.getClientRects().length > 0 && el.textContent.trim();
  const worst = sel => { const els = [...document.querySelectorAll(sel)].filter(visible);
    return els.length ? Math.min(...els.map(ratio)) : null; };
  return {
    theme: document.documentElement.dataset.theme,
    background: lum(bg(document.body)),
    text: worst("article p, article li"),
    code: worst("div.cell_input pre"),
    output: worst("div.cell_output pre"),
    note: worst(".admonition p"),
    switch: worst("a.lang-switch"),
    nav: worst(".bd-sidebar-primary a"),
    syntax: worst("div.cell_input pre span, div.highlight pre span"),
  };
}"""


@pytest.fixture(scope="module")
def phone(site):
    url, browser = site
    context = browser.new_context(**PHONE)
    yield url, context
    context.close()


@pytest.mark.parametrize("page", tiered(SITE_PAGES + ROOT_PAGES))
def test_phone_no_sideways_scroll_and_readable_text(phone, page):
    url, ctx = phone
    tab = ctx.new_page()
    tab.goto(f"{url}/{page}", wait_until="load")
    width = tab.evaluate("document.documentElement.clientWidth")
    assert width == 390
    assert tab.evaluate("document.documentElement.scrollWidth") <= width, f"{page} scrolls sideways on a phone"
    sizes = tab.evaluate(
        "[...document.querySelectorAll('main, main p, main li, body > p')].map(p => parseFloat(getComputedStyle(p).fontSize))"
    )
    assert sizes and min(sizes) >= 14, f"{page}: text smaller than 14px"
    too_wide = tab.evaluate(
        "[...document.querySelectorAll('article p, article li, body > p')]"
        ".filter(p => p.getBoundingClientRect().right > innerWidth + 1).length"
    )
    assert too_wide == 0, f"{page}: paragraphs run off the screen"
    if page in SITE_PAGES:
        switches = tab.locator("a[data-lang-switch]")
        assert switches.count() >= 1, f"{page}: no language switch"
        for i in range(switches.count()):
            box = switches.nth(i).bounding_box()
            code = switches.nth(i).get_attribute("data-lang-switch")
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0, (
                f"{page}: the switch to {code} is off screen")
    tab.close()


@pytest.mark.parametrize("lang", LANGS)
def test_phone_navigation_opens_and_leads_to_another_page(phone, lang):
    url, ctx = phone
    page = next(p for p in site_pages(lang) if p.count("/") >= 2)  # a page in a chapter folder
    tab = ctx.new_page()
    tab.goto(f"{url}/{page}", wait_until="load")
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
    tab.close()


@pytest.mark.parametrize("lang", LANGS)
def test_phone_page_contents_open(phone, lang):
    url, ctx = phone
    page = next(p for p in site_pages(lang) if p.count("/") >= 2)
    tab = ctx.new_page()
    tab.goto(f"{url}/{page}", wait_until="load")
    tab.locator(".bd-header-article button.secondary-toggle").tap()
    toc = tab.locator("#pst-secondary-sidebar-modal a.nav-link")
    toc.first.wait_for(state="visible")
    assert toc.count() >= 2
    tab.close()


@pytest.mark.parametrize("lang", LANGS)
def test_desktop_navigation_collapses_and_comes_back(site, lang):
    url, browser = site
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(f"{url}/{lang}/index.html", wait_until="load")
    sidebar = tab.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    tab.locator(".bd-header-article button.primary-toggle").click()
    sidebar.wait_for(state="hidden")
    tab.locator(".bd-header-article button.primary-toggle").click()
    sidebar.wait_for(state="visible")
    tab.close()


@pytest.mark.parametrize("lang", LANGS)
def test_phone_search_is_reachable(phone, lang):
    url, ctx = phone
    tab = ctx.new_page()
    tab.goto(f"{url}/{lang}/index.html", wait_until="load")
    tab.locator(".bd-header-article button.search-button").first.tap()
    field = tab.locator("#pst-search-dialog input[name='q']")
    field.wait_for(state="visible")
    field.fill("tensor")
    with tab.expect_navigation():
        field.press("Enter")
    assert "/search.html?q=tensor" in tab.url
    tab.close()


@pytest.fixture(scope="module", params=["dark", pytest.param("light", marks=pytest.mark.full)])
def scheme(site, request):
    yield from scheme_context(site, request.param)


@pytest.mark.parametrize("page", tiered(SITE_PAGES))
def test_color_scheme_applied_and_contrast_readable(scheme, page):
    url, ctx, mode = scheme
    tab = open_page(ctx, url, page)
    found = tab.evaluate(CONTRAST)
    if page.endswith("tensors/basics.html"):
        screenshot(tab, f"{mode}-{page.replace('/', '-').removesuffix('.html')}")
    tab.close()
    assert found["theme"] == mode, f"{page}: the theme's {mode} mode is not applied"
    assert (found["background"] < 0.05) if mode == "dark" else (found["background"] > 0.9)
    for part in ("text", "code", "output", "note", "switch", "nav"):
        if found[part] is not None:
            assert found[part] >= 4.5, f"{page} ({mode}): {part} contrast {found[part]:.2f} < 4.5"
    if found["syntax"] is not None:
        assert found["syntax"] >= 3, f"{page} ({mode}): syntax colour contrast {found['syntax']:.2f} < 3"


FIRST_THEME = """
window.__firstTheme = null;
new MutationObserver((records, observer) => {
  if (document.body) { window.__firstTheme = document.documentElement.dataset.theme; observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.mark.parametrize("page", [p for p in SITE_PAGES if is_sample(p)] + [  # and, in the full tier:
    pytest.param(p, marks=pytest.mark.full) for p in SITE_PAGES if p.endswith(("/index.html", "/glossary.html"))
])
def test_mode_is_resolved_before_the_page_is_drawn(scheme, page):
    """No flash of light mode in dark mode: the mode is set when the body starts, not after."""
    url, ctx, mode = scheme
    tab = ctx.new_page()
    tab.add_init_script(FIRST_THEME)
    tab.goto(f"{url}/{page}")
    first = tab.evaluate("window.__firstTheme")
    tab.close()
    assert first == mode, f"{page}: the body started as data-theme={first!r}, the theme resolved {mode!r} only later"


@pytest.mark.parametrize("page", ROOT_PAGES)
def test_root_pages_follow_the_color_scheme(scheme, page):
    """The landing and 404 pages style themselves (color-scheme: light dark)."""
    url, ctx, mode = scheme
    tab = ctx.new_page()
    tab.goto(f"{url}/{page}")
    text = tab.evaluate("getComputedStyle(document.body).color")
    screenshot(tab, f"{mode}-root-{page.removesuffix('.html')}")
    tab.close()
    r, g, b = (int(v) for v in text[text.index("(") + 1 : text.index(")")].split(",")[:3])
    assert (min(r, g, b) > 200) if mode == "dark" else (max(r, g, b) < 60), f"{page}: text {text} in {mode} mode"
