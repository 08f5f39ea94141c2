"""The per-page browser checks, as plain functions over an open tab (issue 14).

Each check takes a loaded tab (and the page and colour scheme, for its messages) and
returns a list of problems, empty when the page passes. The feature's own test file
runs its check on the sample pages (the fast tier); tests/reader/test_page_sweep.py loads
every page once per colour scheme and window size and runs all the checks that need
that size on that one load (the full tier).

Two checks need something in place before the page loads: ``Recorder`` (the requests,
console messages and exceptions of the load) and ``watch_first_theme`` (the mode the
page had when its body started); ``tests.browser.open_page(new_context, None, ...)`` gives
the blank tab for them. The window sizes are ``tests.browser.SIZES``.
"""

from __future__ import annotations

import io

from tests.browser import SIZES

# --- offline and error-free ------------------------------------------------------------


class Recorder:
    """What a tab requests, fails to load, logs and throws, from before its load on."""

    def __init__(self, tab, base_url: str):
        self.base_url = base_url  # the site's, ending in "/"
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        self.exceptions: list[str] = []
        tab.on("request", lambda r: self.requests.append(r.url))
        tab.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        tab.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: HTTP {r.status}"))
        tab.on("console", lambda m: m.type in ("error", "warning")
               and self.console.append(f"{m.type}: {m.text} ({m.location.get('url')})"))
        tab.on("pageerror", lambda e: self.exceptions.append(str(e)))


def offline_problems(recorder: Recorder, tab, page: str) -> list[str]:
    """Every request went to the local server (or is data:/blob:), none failed, no console
    error or warning, no uncaught exception; the landing page did not redirect (a new reader)."""
    base, problems = recorder.base_url, []
    if page == "index.html" and tab.url != f"{base}index.html":
        problems.append(f"{page}: a new reader was sent on to {tab.url}")
    foreign = [r for r in recorder.requests if not r.startswith((base, "data:", "blob:"))]
    if foreign:
        problems.append(f"{page} requests other hosts: {foreign}")
    if recorder.failed:
        problems.append(f"{page}: failed requests: {recorder.failed}")
    if recorder.console:
        problems.append(f"{page}: console errors or warnings: {recorder.console}")
    if recorder.exceptions:
        problems.append(f"{page}: uncaught exceptions: {recorder.exceptions}")
    return problems


# --- icons (notesite/ext/lean_pages.py) ----------------------------------------------------

ICONS_DRAWN = """() => {
  const shown = el => { const r = el.getBoundingClientRect(); if (r.width < 1 || r.height < 1) return false;
    for (let e = el; e; e = e.parentElement) { const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
      if (e.tagName === 'DIALOG' && !e.open) return false; }
    return true; };
  const rgba = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const background = el => { for (; el; el = el.parentElement) { const c = rgba(getComputedStyle(el).backgroundColor);
      if (c && c[3] > 0.5) return c; } return [255, 255, 255, 1]; };
  const icons = [], fonts = [];
  for (const el of document.querySelectorAll('*')) {
    // An icon element laid out in the icon font makes the browser fetch the font, even when empty.
    if ([...el.classList].some(c => /^fa-|^fa$|^fas$/.test(c)) && /Font Awesome/.test(getComputedStyle(el).fontFamily) && shown(el))
      fonts.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
    for (const pseudo of ['::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      if (s.content === 'none' || s.content === 'normal') continue;
      if (/Font Awesome/.test(s.fontFamily) && s.content !== '""' && shown(el))
        fonts.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + pseudo + ' ' + s.content);
      const isIcon = [...el.classList].some(c => /^fa-|^fa$|^fas$/.test(c)) || el.matches('.admonition-title') && pseudo === '::after';
      if (!isIcon || !shown(el)) continue;
      const fill = rgba(s.backgroundColor), back = background(el);
      icons.push({icon: el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + pseudo,
                  width: parseFloat(s.width), height: parseFloat(s.height), mask: s.maskImage || s.webkitMaskImage,
                  fill, back, box: (() => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()});
    }
  }
  return {icons, fonts};
}"""

# The icons whose pixels are looked at: the theme switch and the sidebar's search icon.
ICON_SHOTS = (".bd-header-article .theme-switch-button", ".bd-sidebar-primary .search-button-field i")


def icon_problems(tab, page: str, mode: str) -> list[str]:
    """Every icon on screen is drawn by icons.css (size, glyph mask, a colour apart from the
    background, pixels on a screenshot), and nothing is drawn in a Font Awesome font."""
    found, problems = tab.evaluate(ICONS_DRAWN), []
    if found["fonts"]:
        problems.append(f"{page} ({mode}): drawn in the Font Awesome font (fetches it): {found['fonts']}")
    if not found["icons"]:
        problems.append(f"{page}: no icon on screen")
    for icon in found["icons"]:
        where = f"{page} ({mode}): {icon['icon']}"
        if not (icon["width"] > 0 and icon["height"] > 0):
            problems.append(f"{where} has no size")
        if "data:image/svg+xml" not in (icon["mask"] or ""):
            problems.append(f"{where} has no glyph")
        if not (icon["fill"] and icon["fill"][3] > 0.5):
            problems.append(f"{where} has no colour")
        elif not max(abs(a - b) for a, b in zip(icon["fill"][:3], icon["back"][:3])) > 60:
            problems.append(f"{where} fades into the background")
    for selector in ICON_SHOTS:
        target = tab.locator(selector).first
        if target.count() and target.is_visible():
            from PIL import Image

            shot = Image.open(io.BytesIO(target.screenshot())).convert("L")
            low, high = shot.getextrema()
            if not high - low > 60:
                problems.append(f"{page} ({mode}): {selector} shows no icon")
    return problems


# --- colour scheme and contrast ----------------------------------------------------------

# The code blocks (code cells, console and other blocks), and Pygments' token spans in them.
CODE = "div.highlight pre"
TOKENS = f"{CODE}, {CODE} span"
CONTRAST = """async () => {
  // Measure the settled colours: the theme switches modes with CSS transitions.
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  function parse(c) { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; }
  function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
  function bg(el) { while (el) { const c = parse(getComputedStyle(el).backgroundColor); if (c && c.a > 0.5) return c; el = el.parentElement; }
    return null; }
  // The text colour as drawn: its alpha and the opacity of the element and its ancestors blended
  // over the background (a background more than half opaque is taken as the background).
  function alpha(el) { let a = parse(getComputedStyle(el).color).a;
    for (let e = el; e; e = e.parentElement) a *= parseFloat(getComputedStyle(e).opacity);
    return a; }
  function ratio(el) { const c = parse(getComputedStyle(el).color), back = bg(el), drawn = alpha(el);
    const mix = k => c[k] * drawn + back[k] * (1 - drawn);
    const a = lum({r: mix("r"), g: mix("g"), b: mix("b")}), b = lum(back); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }
  // Text a reader sees: laid out, not hidden, not fully transparent (a folded solution is none of these).
  const visible = el => el.getClientRects().length > 0 && el.textContent.trim()
    && getComputedStyle(el).visibility === "visible" && alpha(el) > 0;
  const worst = sel => { const els = [...document.querySelectorAll(sel)].filter(visible);
    return els.length ? Math.min(...els.map(ratio)) : null; };
  // Each highlighted token of the code (Pygments' spans, a class per kind of token) and the blocks'
  // own text: the worst one, named by its class and text. axe-core leaves their contrast to this
  // check (AXE_RUNS).
  const tokens = [...document.querySelectorAll(TOKENS)].filter(visible).map(el => [ratio(el), el]);
  const [least, token] = tokens.reduce((a, b) => (b[0] < a[0] ? b : a), [Infinity, null]);
  return {
    theme: document.documentElement.dataset.theme,
    background: lum(bg(document.body)),
    text: worst("article p, article li"),
    code: worst("div.cell_input pre"),
    output: worst("div.cell_output pre"),
    note: worst(".admonition p"),
    switch: worst("a.lang-switch"),
    nav: worst(".bd-sidebar-primary a"),
    syntax: token && {ratio: least, token: `${token.className} "${token.textContent.trim().slice(0, 30)}"`, count: tokens.length},
  };
}""".replace("TOKENS", repr(TOKENS))


def contrast_problems(tab, page: str, mode: str) -> list[str]:
    """A page of a language's site: the theme's mode is the reader's, the background is dark
    (light), and text, code, outputs, notes, the language switch, the navigation and every
    highlighted token of the code keep 4.5:1 (WCAG AA's threshold for text of normal size, which
    axe-core applies), their colour's alpha and opacity blended over the background."""
    found, problems = tab.evaluate(CONTRAST), []
    if found["theme"] != mode:
        problems.append(f"{page}: the theme's {mode} mode is not applied")
    if not ((found["background"] < 0.05) if mode == "dark" else (found["background"] > 0.9)):
        problems.append(f"{page} ({mode}): the page's background has luminance {found['background']:.3f}")
    for part in ("text", "code", "output", "note", "switch", "nav"):
        if found[part] is not None and not found[part] >= 4.5:
            problems.append(f"{page} ({mode}): {part} contrast {found[part]:.2f} < 4.5")
    syntax = found["syntax"]
    if syntax is not None and not syntax["ratio"] >= 4.5:
        problems.append(f"{page} ({mode}): syntax colour contrast {syntax['ratio']:.2f} < 4.5 "
                        f"(the worst of {syntax['count']} tokens: {syntax['token']})")
    return problems


def root_scheme_problems(tab, page: str, mode: str) -> list[str]:
    """The landing and 404 pages style themselves (color-scheme: light dark): light text in
    dark mode, dark text in light mode."""
    text = tab.evaluate("getComputedStyle(document.body).color")
    r, g, b = (int(v) for v in text[text.index("(") + 1 : text.index(")")].split(",")[:3])
    ok = (min(r, g, b) > 200) if mode == "dark" else (max(r, g, b) < 60)
    return [] if ok else [f"{page}: text {text} in {mode} mode"]


FIRST_THEME = """
window.__firstTheme = null;
new MutationObserver((records, observer) => {
  if (document.body) { window.__firstTheme = document.documentElement.dataset.theme; observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


def watch_first_theme(tab) -> None:
    """Before the load: note the page's data-theme when its body starts."""
    tab.add_init_script(FIRST_THEME)


def first_theme_problems(tab, page: str, mode: str) -> list[str]:
    """No flash of light mode in dark mode: the mode is set when the body starts, not after
    (the tab was watched with ``watch_first_theme`` before it loaded)."""
    first = tab.evaluate("window.__firstTheme")
    return [] if first == mode else [
        f"{page}: the body started as data-theme={first!r}, the theme resolved {mode!r} only later"]


# --- one search entry and no empty bar (issue 17) ----------------------------------------

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


def search_entry_problems(tab, page: str, name: str) -> list[str]:
    """Exactly one search entry on screen, and no bar that holds nothing but search
    (``name``: the window size and colour scheme, for the messages)."""
    found, problems = tab.evaluate(ENTRIES), []
    if len(found["search"]) != 1:
        problems.append(f"{page} ({name}): {len(found['search'])} search entries on screen: {found['search']}")
    empty = [bar for bar in found["bars"] if bar["other"] == 0]
    if empty:
        problems.append(f"{page} ({name}): a bar that holds nothing but search: {empty}")
    return problems


# --- the phone layout ---------------------------------------------------------------------

PHONE = SIZES["phone"]


def phone_problems(tab, page: str, site_page: bool) -> list[str]:
    """At a phone's width (``PHONE``): no sideways scroll, text of 14px or more that fits the
    screen, and (``site_page``: a page of a language's site) every language switch on screen."""
    problems = []
    width = tab.evaluate("document.documentElement.clientWidth")
    if width != 390:
        return [f"{page}: the page is {width}px wide on a 390px phone"]
    if not tab.evaluate("document.documentElement.scrollWidth") <= width:
        problems.append(f"{page} scrolls sideways on a phone")
    sizes = tab.evaluate(
        "[...document.querySelectorAll('main, main p, main li, body > p')].map(p => parseFloat(getComputedStyle(p).fontSize))"
    )
    if not (sizes and min(sizes) >= 14):
        problems.append(f"{page}: text smaller than 14px")
    too_wide = tab.evaluate(
        "[...document.querySelectorAll('article p, article li, body > p')]"
        ".filter(p => p.getBoundingClientRect().right > innerWidth + 1).length"
    )
    if too_wide != 0:
        problems.append(f"{page}: paragraphs run off the screen")
    if site_page:
        switches = tab.locator("a[data-lang-switch]")
        if switches.count() < 1:
            problems.append(f"{page}: no language switch")
        for i in range(switches.count()):
            box = switches.nth(i).bounding_box()
            code = switches.nth(i).get_attribute("data-lang-switch")
            if not (box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0):
                problems.append(f"{page}: the switch to {code} is off screen")
    return problems


# --- axe-core: WCAG 2.1 A/AA ----------------------------------------------------------------

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
# axe-core's audit in two runs: the page without its code blocks, then the code blocks without the
# contrast rule. Their token spans are three elements in four of a page with code (3754 of 5182
# on the English data page), and measuring each one's contrast was three quarters of axe-core's time
# there (3.3 s for one run of every rule, against 1.4 s for the two runs; an ``exclude`` of the
# spans themselves costs as much as their check). contrast_problems measures the blocks' text
# and every token against the same 4.5:1 in the same load. (Excluding a block excludes it from
# every rule, hence the second run: a scrollable block must still be reachable by keyboard.)
AXE_RUNS = (({"exclude": [[CODE]]}, WCAG_AA),
            ({"include": [[CODE]]}, {**WCAG_AA, "rules": {"color-contrast": {"enabled": False}}}))


def axe_violations(tab, runs) -> list[dict]:
    """axe-core's violations over ``runs`` (``(context, options)`` pairs, one ``axe.run`` each) on the
    page as it is: the script (the copy bundled by axe-playwright-python, 560 KB) is put into the
    page once, not once per run as ``Axe().run`` does (about 0.1 s of the browser's time each)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not tab.evaluate("typeof axe === 'object'"):
        tab.evaluate(AXE_SCRIPT)
    return tab.evaluate("async runs => { const found = [];"
                        " for (const [context, options] of runs) found.push(...(await axe.run(context, options)).violations);"
                        " return found; }", [list(run) for run in runs])


def axe_problems(tab, page: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA audit finds nothing: every rule on the page, but the contrast of
    its code blocks (``AXE_RUNS``: contrast_problems')."""
    runs = AXE_RUNS if tab.locator(CODE).count() else AXE_RUNS[:1]  # axe fails on an include of nothing
    violations = axe_violations(tab, runs)
    return [f"{page}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )] if violations else []


# --- page weight (notesite/tools/page_weight.py) ----------------------------------------------


def largest(files: dict[str, int], base: str) -> str:
    return ", ".join(f"{name.removeprefix(base)} {size // 1024} KiB" for name, size in list(files.items())[:5] if size)


def weight_problems(measured: dict, page: str, base: str) -> list[str]:
    """A page's ``first`` and ``next`` figures (``page_weight.measure_page``) within issue 17's budgets:
    a first visit at most 1 MiB, the next page at most 100 KiB (``base``: the site's URL, left out
    of the file names)."""
    from notesite.tools import page_weight

    first, after, problems = measured["first"], measured["next"], []
    if not first["bytes"] <= page_weight.FIRST_BUDGET:
        problems.append(f"{page}: a first visit transfers {first['bytes'] / 1024:.0f} KiB "
                        f"(budget {page_weight.FIRST_BUDGET / 1024:.0f} KiB): "
                        f"{largest(first['files'], base)}")
    if not after["bytes"] <= page_weight.NEXT_BUDGET:
        problems.append(f"{page}: as the next page it transfers {after['bytes'] / 1024:.0f} KiB "
                        f"(budget {page_weight.NEXT_BUDGET / 1024:.0f} KiB): "
                        f"{largest(after['files'], base)}")
    return problems


# --- running several checks on one load ----------------------------------------------------


def run_checks(checks) -> list[str]:
    """Run ``(name, check)`` pairs in order; every problem prefixed with its check's name.

    A check that raises is a problem too, and the checks after it still run.
    """
    problems = []
    for name, check in checks:
        try:
            problems += [f"[{name}] {p}" for p in check()]
        except Exception as exc:  # noqa: BLE001 - reported as that check's problem
            problems.append(f"[{name}] raised {type(exc).__name__}: {exc}")
    return problems


def problem_report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)
