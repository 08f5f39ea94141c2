"""docs/_ext/lean_pages.py: the icons without Font Awesome's script and fonts, the figures with a palette.

* Every icon the pages use is one icons.css draws, and icons.css is what the extension
  writes from the installed theme's fontawesome.js; no page loads that script.
* In the browser, in light and dark mode: every icon on screen (the ``fa-*`` elements
  and the admonition titles' marks) is drawn (a box with the glyph as its mask, in a
  colour that differs from the background, and pixels on the screenshot), and no
  element draws text in a Font Awesome font (which would fetch the web font).
* A PNG figure gets a palette only when that is smaller, and looks the same.
"""

from __future__ import annotations

import io
import re

import pytest

import lean_pages
from browser import LANGS, SITE, open_page, require_built, scheme_context, site_pages, tiered

PAGES = [p for lang in LANGS for p in site_pages(lang)]
FA_CLASS = re.compile(r'class="[^"]*\bfa-(?!solid\b|regular\b|brands\b|lg\b|fw\b|xs\b|sm\b|xl\b|2x\b)([a-z0-9-]+)')


def test_icons_css_covers_every_glyph_the_lists_name():
    source = lean_pages.fontawesome_js().read_text(encoding="utf-8")
    css = lean_pages.icons_css(source, lean_pages.licence_notice())
    glyphs = lean_pages.solid_glyphs(source)
    assert len(glyphs) > 1000  # the whole solid style was found, not a fragment
    for name in lean_pages.ICONS:
        assert f".fa-{name} {{ --lean-icon: var(--lean-icon-{name}); }}" in css
        assert glyphs[name][2] in css.replace("%20", " ")  # the theme's own path
    assert "CC BY 4.0" in css and "Font Awesome Free" in css


def test_a_glyph_the_theme_does_not_have_fails_the_build(monkeypatch):
    monkeypatch.setattr(lean_pages, "ICONS", lean_pages.ICONS + ("no-such-glyph",))
    with pytest.raises(ValueError, match="no-such-glyph"):
        lean_pages.icons_css(lean_pages.fontawesome_js().read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", tiered(PAGES))
def test_built_page_uses_only_listed_icons_and_no_fontawesome_script(page):
    require_built()
    html = (SITE / page).read_text(encoding="utf-8")
    assert "fontawesome.js" not in html
    assert "_static/icons.css" in html
    unknown = set(FA_CLASS.findall(html)) - set(lean_pages.ICONS)
    assert not unknown, f"{page} uses icons that icons.css does not draw: {sorted(unknown)} (add them to ICONS)"


def test_built_icons_css_is_the_extensions():
    require_built()
    expected = lean_pages.icons_css(lean_pages.fontawesome_js().read_text(encoding="utf-8"), lean_pages.licence_notice())
    for lang in LANGS:
        assert (SITE / lang / "_static" / lean_pages.CSS_NAME).read_text(encoding="utf-8") == expected


def _figure() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 200), "white")
    draw = ImageDraw.Draw(image)
    for i in range(0, 300, 3):  # an antialiased-looking ramp of colours, like a plot
        draw.line([(i, 200), (300 - i, 0)], fill=(i % 256, 80, 255 - i % 256, 255), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_palette_png_is_smaller_and_looks_the_same():
    from PIL import Image, ImageChops

    original = _figure()
    smaller = lean_pages.palette_png(original)
    assert smaller is not None and len(smaller) < len(original)
    a = Image.open(io.BytesIO(original)).convert("RGB")
    b = Image.open(io.BytesIO(smaller)).convert("RGB")
    assert a.size == b.size
    diff = ImageChops.difference(a, b).convert("L")
    mean = sum(i * n for i, n in enumerate(diff.histogram())) / (a.size[0] * a.size[1])
    assert mean < 4, f"the palette changes the picture: mean difference {mean:.1f} of 255"
    assert lean_pages.palette_png(smaller) is None  # a palette image is left as it is


def test_built_figures_have_a_palette():
    from PIL import Image

    require_built()
    for lang in LANGS:
        pngs = sorted((SITE / lang / "_images").glob("*.png"))
        assert pngs, f"{lang}: no figures in _build/html/{lang}/_images"
        assert [p.name for p in pngs if Image.open(p).mode != "P"] == [], lang


# --- in the browser -------------------------------------------------------------------

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


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme(site, request):
    yield from scheme_context(site, request.param, viewport={"width": 1280, "height": 800})


@pytest.mark.browser
@pytest.mark.parametrize("page", tiered(PAGES))
def test_every_icon_is_drawn(scheme, page):
    url, ctx, mode = scheme
    tab = open_page(ctx, url, page)
    found = tab.evaluate(ICONS_DRAWN)
    assert found["fonts"] == [], f"{page} ({mode}): drawn in the Font Awesome font (fetches it): {found['fonts']}"
    assert found["icons"], f"{page}: no icon on screen"
    for icon in found["icons"]:
        where = f"{page} ({mode}): {icon['icon']}"
        assert icon["width"] > 0 and icon["height"] > 0, f"{where} has no size"
        assert "data:image/svg+xml" in icon["mask"], f"{where} has no glyph"
        assert icon["fill"] and icon["fill"][3] > 0.5, f"{where} has no colour"
        assert max(abs(a - b) for a, b in zip(icon["fill"][:3], icon["back"][:3])) > 60, f"{where} fades into the background"
    # Pixels: the theme switch and the search icon of the sidebar differ from the page around them.
    for selector in (".bd-header-article .theme-switch-button", ".bd-sidebar-primary .search-button-field i"):
        target = tab.locator(selector).first
        if target.count() and target.is_visible():
            from PIL import Image

            shot = Image.open(io.BytesIO(target.screenshot())).convert("L")
            low, high = shot.getextrema()
            assert high - low > 60, f"{page} ({mode}): {selector} shows no icon"
    tab.close()
