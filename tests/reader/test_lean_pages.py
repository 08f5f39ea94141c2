"""notesite/ext/lean_pages.py: the icons without Font Awesome's script and fonts, the figures with a palette.

* Every icon the pages use is one icons.css draws, and icons.css is what the extension
  writes from the installed theme's fontawesome.js; no page loads that script.
* In the browser, in light and dark mode: every icon on screen (the ``fa-*`` elements
  and the admonition titles' marks) is drawn (a box with the glyph as its mask, in a
  colour that differs from the background, and pixels on the screenshot), and no
  element draws text in a Font Awesome font (which would fetch the web font). The
  sample pages here; every page in tests/reader/test_page_sweep.py (``sweeps.icon_problems``).
* A PNG figure gets a palette only when that is smaller, and looks the same.
* The exercise blocks' files (sphinx-exercise's and sphinx-togglebutton's stylesheets and
  scripts, notesite/ext/exercises.py) load on the pages that have an exercise, and on no other.
"""

from __future__ import annotations

import io
import re

import pytest

from notesite.core import htmlpages
from notesite.ext import exercises
from notesite.ext import lean_pages
from notesite.ext import page_alignment
from tests.browser import LANGS, SCHEMES, SITE, fast_scheme, is_sample, open_page, require_built, site_pages, tiered
from tests.helpers import ROOT
from tests.reader.sweeps import icon_problems, problem_report

PAGES = [p for lang in LANGS for p in site_pages(lang)]
# Font Awesome's style and size classes: an fa-* class that names no glyph.
FA_NOT_GLYPHS = {"solid", "regular", "brands", "lg", "fw", "xs", "sm", "xl", "2x"}


def icons_of(html: str) -> set[str]:
    """The glyphs a page's elements ask for: each ``fa-<name>`` class, the style and size classes aside."""
    return {name.removeprefix("fa-") for element in htmlpages.parse(html).find_all(class_=True)
            for name in element["class"] if name.startswith("fa-") and name.removeprefix("fa-") not in FA_NOT_GLYPHS}


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


@pytest.mark.parametrize("path", tiered(PAGES))
def test_built_page_uses_only_listed_icons_and_no_fontawesome_script(path):
    require_built()
    html = (SITE / path).read_text(encoding="utf-8")
    assert "fontawesome.js" not in html
    assert "_static/icons.css" in html
    unknown = icons_of(html) - set(lean_pages.ICONS)
    assert not unknown, f"{path} uses icons that icons.css does not draw: {sorted(unknown)} (add them to ICONS)"


def has_exercises(page: str) -> bool:
    lang, rel = page.split("/", 1)
    source = ROOT / "docs" / lang / (rel.removesuffix(".html") + ".md")
    return source.is_file() and bool(page_alignment.blocks(source.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", PAGES)  # every page, in both tiers: a file read each
def test_exercise_files_load_only_on_pages_with_exercises(path):
    require_built()
    html = (SITE / path).read_text(encoding="utf-8")
    loaded = [name for name in (*exercises.ASSET_FILES, exercises.SCRIPT) if f'_static/{name}' in html]
    loaded += [body for body in exercises.ASSET_BODIES if body in html]
    if has_exercises(path):
        assert len(loaded) == len(exercises.ASSET_FILES) + 1 + len(exercises.ASSET_BODIES), f"{path}: {loaded}"
    else:
        assert loaded == [], f"{path} has no exercise but loads their files: {loaded}"


@pytest.mark.parametrize("path", [p for p in PAGES if has_exercises(p)])
def test_exercise_files_carry_their_checksum(path):
    """The blocks' stylesheets and scripts are linked with Sphinx's ``?v=<checksum>`` (a reader's
    browser fetches them again when they change), after a clean build as after a rebuild.
    sphinx-exercise copies exercise.css into _static only when the build finishes, after the
    pages: a clean build found no file to sum, and linked it bare (notesite/ext/exercises.py)."""
    require_built()
    html = (SITE / path).read_text(encoding="utf-8")
    bare = [name for name in (*exercises.ASSET_FILES, exercises.SCRIPT)
            if not re.search(rf'_static/{re.escape(name)}\?v=[0-9a-f]{{8}}"', html)]
    assert bare == [], f"{path} links these without a checksum: {bare}"


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
    # Through RGBA: the palette keeps the figure's alpha as a transparency per entry (PNG's tRNS),
    # which PIL turns into an alpha channel, but drops with a warning when converting straight to RGB.
    a = Image.open(io.BytesIO(original)).convert("RGBA")
    b = Image.open(io.BytesIO(smaller)).convert("RGBA")
    assert a.size == b.size
    assert a.getchannel("A").tobytes() == b.getchannel("A").tobytes(), "the palette changes the transparency"
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
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
# The fast tier: each sample page in one colour scheme, the languages taking turns
# (tests.browser.fast_scheme: the first language's in light mode, the other's in dark mode);
# the other combinations in the full tier, which also runs the same check
# (sweeps.icon_problems) on every page in tests/reader/test_page_sweep.py.


@pytest.mark.browser
@pytest.mark.parametrize("path,scheme", [
    (path, scheme) if scheme == fast_scheme(path) else pytest.param(path, scheme, marks=pytest.mark.full)
    for path in PAGES if is_sample(path) for scheme in SCHEMES])
def test_every_icon_is_drawn(new_context, path, scheme):
    tab = open_page(new_context, path, "desktop", scheme)
    problems = icon_problems(tab, path, scheme)
    assert problems == [], problem_report(problems)
