"""Keep every page light to load (issue 17): icons without Font Awesome, images with a palette.

pydata-sphinx-theme loads Font Awesome on every page: ``fontawesome.js`` (1.5 MiB),
which turns each ``<i class="fa-solid fa-...">`` into an SVG, and the icon web font
that its stylesheet asks for (admonition titles). The site shows about twenty of the
two thousand glyphs. So:

* ``docs/_templates/layout.html`` leaves the script out of every page;
* this extension writes ``_static/icons.css``: each glyph the site shows, drawn as a
  CSS mask in the text colour (``currentColor``, so light and dark mode alike), with
  the SVG path taken from the installed theme's own ``fontawesome.js``, so that the
  icons are exactly the theme's. Its rules replace the glyphs of the icon font, so
  the browser never downloads the font either. ``ICONS`` lists the glyphs (the
  ``fa-*`` classes the templates use) and ``PSEUDO_ICONS`` the ones the theme's
  stylesheet draws on its own (admonition titles and a few links);
  ``tests/reader/test_lean_pages.py`` fails on an icon of a page that is not in the list
  and on one that is not drawn.
* The PNG images of the built site (figures the code cells draw) are re-encoded
  with a 256-colour palette when that makes them smaller (matplotlib figures: about
  a sixth of the size); the picture stays the same to the eye.

The glyphs are Font Awesome Free's (https://fontawesome.com), licensed CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/); icons.css carries that notice.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

CSS_NAME = "icons.css"

# The fa-* classes that the templates on the site's pages use (pydata-sphinx-theme,
# sphinx-book-theme, docs/_templates), each drawn with the solid glyph of that name.
ICONS = (
    "angle-left", "angle-right",                   # previous / next page
    "arrow-up",                                    # back to top
    "bars", "list", "outdent",                     # sidebar toggles
    "chevron-down",                                # expandable navigation entries
    "circle-half-stroke", "moon", "sun",           # colour mode switch
    "code", "download", "file-pdf",                # download menu
    "language",                                    # language switch
    "magnifying-glass",                            # search
    "xmark",                                       # close buttons the theme's script adds
)
# Icons the theme's stylesheet draws with the icon font in ::before / ::after
# (CSS selector of the element that carries them -> glyph), and the admonition kinds.
ADMONITION_ICONS = {
    "": "bell",  # an admonition of no kind below (a custom class such as version-note)
    "note": "circle-info", "tip": "lightbulb", "hint": "lightbulb",
    "attention": "circle-exclamation", "important": "circle-exclamation",
    "caution": "triangle-exclamation", "warning": "triangle-exclamation", "danger": "triangle-exclamation",
    "error": "circle-xmark", "seealso": "share", "admonition-todo": "pencil",
    "exercise": "pencil", "solution": "lightbulb",  # sphinx-exercise's blocks (notesite/ext/exercises.py)
}
PSEUDO_ICONS = {
    ".nav-link.nav-external::after, nav.bd-links li > a.reference.external::after": "arrow-up-right-from-square",
    "ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home)::before": "angle-right",
    "div#searchbox p.highlight-link a::before": "magnifying-glass-minus",
    "a.reference.download::before": "download",
    "span.versionmodified::before": "circle-exclamation",
}

ICON_ENTRY = re.compile(r'"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]')


def fontawesome_js() -> Path:
    """The theme's fontawesome.js, which holds the glyphs' SVG paths."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"


def solid_glyphs(source: str) -> dict[str, tuple[int, int, str]]:
    """name -> (width, height, SVG path) of Font Awesome's solid style, from fontawesome.js."""
    end = source.find('p("fas",')
    start = source.rfind("var b={", 0, end)
    if end < 0 or start < 0:
        raise ValueError("fontawesome.js: no solid icon pack found (the theme changed how it ships Font Awesome)")
    return {m[1]: (int(m[2]), int(m[3]), m[4]) for m in ICON_ENTRY.finditer(source, start, end)}


def svg_url(width: int, height: int, path: str) -> str:
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return 'url("data:image/svg+xml,' + quote(svg, safe=" /=:',.-") + '")'


def licence_notice() -> str:
    """Font Awesome's notice as the theme ships it (fontawesome.js.LICENSE.txt), for the icons' stylesheet."""
    notice = fontawesome_js().with_name("fontawesome.js.LICENSE.txt").read_text(encoding="utf-8").strip()
    return notice + "\n/* The icons' licence: https://creativecommons.org/licenses/by/4.0/ (CC BY 4.0). */"


def icons_css(source: str, notice: str = "") -> str:
    """The stylesheet: each glyph as a CSS custom property, and the rules that draw it."""
    glyphs = solid_glyphs(source)
    needed = sorted(set(ICONS) | set(ADMONITION_ICONS.values()) | set(PSEUDO_ICONS.values()))
    missing = [name for name in needed if name not in glyphs]
    if missing:
        raise ValueError(f"fontawesome.js has no solid glyph named {', '.join(missing)}")
    mask = "var(--lean-icon) center / contain no-repeat"
    drawn = (f"content: \"\" !important; background-color: currentColor; -webkit-mask: {mask}; mask: {mask};")
    lines = [
        "/* The icons of the site, drawn without Font Awesome's script and fonts (notesite/ext/lean_pages.py):",
        "   Font Awesome's solid glyphs, the SVG paths of the theme's fontawesome.js. */",
        notice,
        ":root {",
        *(f"  --lean-icon-{name}: {svg_url(*glyphs[name])};" for name in needed),
        "}",
        "/* <i class=\"fa-solid fa-NAME\">: the glyph in a 1em box, in the text's colour. The text font,",
        "   not the icon font: the browser downloads a font that lays out a line box, even an empty one. */",
        ":is(.fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands, .fa) { font-family: inherit !important; }",
        f":is(.fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands, .fa)::before {{ {drawn}",
        "  display: inline-block; width: 1em; height: 1em; vertical-align: -.125em; }",
        *(f".fa-{name} {{ --lean-icon: var(--lean-icon-{name}); }}" for name in ICONS),
        "/* Admonition titles: the theme's glyph, by kind. */",
        f".admonition > .admonition-title::after, div.admonition > .admonition-title::after {{ {drawn}",
        "  font-family: inherit !important; width: 1rem; top: calc(50% - .5rem); }",
        *(f"{'.admonition' + ('.' + kind if kind else '')} {{ --lean-icon: var(--lean-icon-{name}); }}"
          for kind, name in ADMONITION_ICONS.items()),
        "/* Links the theme's stylesheet marks with a glyph. */",
        *(f"{selector} {{ --lean-icon: var(--lean-icon-{name}); }}" for selector, name in PSEUDO_ICONS.items()),
        f"{', '.join(PSEUDO_ICONS)} {{ {drawn}",
        "  font-family: inherit !important; display: inline-block; width: 1em; height: 1em; }",
        "",
    ]
    return "\n".join(lines)


def write_icons_css(app: Sphinx) -> None:
    """Written before the pages, so that each page links it with its checksum (``icons.css?v=...``)."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    css = icons_css(fontawesome_js().read_text(encoding="utf-8"), licence_notice())
    (static / CSS_NAME).write_text(css, encoding="utf-8")


def palette_png(data: bytes) -> bytes | None:
    """``data`` (a PNG) with a 256-colour palette, or None when that is not smaller or it has one already."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if image.format != "PNG" or image.mode == "P":
            return None
        rgba = image.convert("RGBA")
    quantized = rgba.quantize(256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    quantized.save(out, "PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else None


def shrink_images(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    for png in sorted((Path(app.outdir) / "_images").glob("*.png")):
        smaller = palette_png(png.read_bytes())
        if smaller is not None:
            png.write_bytes(smaller)


def setup(app: Sphinx) -> dict:
    app.add_css_file(CSS_NAME)
    app.connect("builder-inited", write_icons_css)
    # Before the other build-finished handlers (reproducible, link_check look at the files).
    app.connect("build-finished", shrink_images, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
