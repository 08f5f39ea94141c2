"""Formulas render as MathML at build time, in every language, offline.

* The renderer (notesite/ext/mathml.py) turns TeX into MathML; TeX it cannot
  convert fails the build (``-W``) with a message naming the page and line.
* Dollar math is on, and no ``$`` outside a formula (a shell prompt in a
  console block, a price) becomes one. The pages' formulas are read with
  ``notesite.core.markdown`` (MyST-Parser's tokens, conf.py's dollar-math settings).
* Every built page holds exactly as many ``<math>`` elements as its source has
  formulas (none lost, no stray ``$`` turned into one), and no page shows raw TeX (``$…$``, ``\\frac``, ``\\sum``) in its text; no page loads
  MathJax.
* In Chromium every formula has a rendered size and no raw TeX is visible (the fast tier:
  nn/training in one language, tests.browser.fast_language; the full tier: every page); the
  formula page is screenshot in light and dark mode, on a desktop and a phone.

Nothing here reads _build at import time: the built site is looked at inside
the tests.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from notesite.core import htmlpages
from notesite.core import languages
from notesite.core import markdown
from notesite.ext import mathml
from notesite.ext import page_alignment
from notesite.tools import sitebuild
from tests.browser import ARTIFACTS, fast_language, open_page, tiered_sources
from tests.helpers import ROOT
from tests.build.minisite import FRONT_MATTER

LANGS = page_alignment.LANGS
SITE = ROOT / "_build" / "html"

# What raw TeX looks like on a page that failed to render it.
RAW_TEX = re.compile(r"\$[^$\s][^$\n]*\$|\\(?:frac|sum|partial|mathrm|mathcal|times|log|cdot|left|right)\b")


def source_formulas(text: str) -> list[tuple[int, str]]:
    """(line, TeX) of every formula in a page's Markdown ($…$, $$…$$, {math}), as MyST reads it
    (notesite/core/markdown.py: dollar math as conf.py sets it, code aside)."""
    return sorted((formula.line, formula.tex) for formula in markdown.parse(text).math)


def pages_with_math() -> list[tuple[str, str]]:
    return [
        (lang, page)
        for lang in LANGS
        for page in page_alignment.pages(ROOT, lang)
        if source_formulas((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))
    ]


MATH_PAGES = pages_with_math()
ALL_PAGES = [(lang, page) for lang in LANGS for page in page_alignment.pages(ROOT, lang)]


def html_path(lang: str, page: str) -> Path:
    return SITE / lang / page.replace(".md", ".html")


# The article's text a reader sees as prose: code, MathML and what no browser shows aside
# (scripts, styles and templates are never text: htmlpages).
NOT_PROSE = ("pre", "code", "math", "noscript")


@dataclass
class Built:
    """What a built page shows: its article's prose, its formulas, whether it loads MathJax."""

    prose: str
    maths: int  # <math> elements in the article
    mathjax: bool  # a script whose src names MathJax, anywhere on the page


@functools.cache  # the built page is read once for the tests of both its checks
def read_built(lang: str, page: str) -> Built:
    path = html_path(lang, page)
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is not built: run `make html` first")
    soup = htmlpages.read(path)
    return Built(prose=htmlpages.article_text(soup, skip=NOT_PROSE),
                 maths=len(htmlpages.article(soup).find_all("math")),
                 mathjax=any("mathjax" in script["src"].lower() for script in soup.find_all("script", src=True)))


# --- the renderer, without a build ------------------------------------------------


def test_renderer_converts_the_site_formulas():
    formulas = [tex for lang, page in MATH_PAGES for _, tex in source_formulas((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))]
    assert len(formulas) >= 10
    for tex in formulas:
        out = mathml.to_mathml(tex)
        assert out.startswith("<math") and "\\" not in out, tex


def test_source_formulas_finds_every_kind():
    text = "A $x_i$ and {math}`y^2`, not `$ ls` or 5$.\n\n$$\n\\sum_i v_i\n$$ (eq)\n\n```\n$z$\n```\n"
    assert source_formulas(text) == [(1, "x_i"), (1, "y^2"), (3, "\\sum_i v_i")]


def test_renderer_block_and_inline():
    inline = mathml.to_mathml(r"\frac{6 (x_i + 2)}{4}")
    assert "<mfrac>" in inline and 'display="block"' not in inline
    assert 'display="block"' in mathml.to_mathml(r"\sum_i v_i q_i", block=True)


def test_renderer_rejects_unknown_macros():
    from docutils.utils.math import MathError

    with pytest.raises(MathError):
        mathml.to_mathml(r"\notamacro{x}")


# --- a tiny build with the site's conf.py -----------------------------------------

GOOD_AND_BAD = FRONT_MATTER + """\

(math-test)=
# Page

A formula $3(x_i + 2)^2$ and a prompt `$ ls` and a price of 5$ or $ 10.

+++

A bad formula on line fifteen, in a second cell: $\\notamacro{x} + 1$.

$$
\\sum_i v_i q_i
$$ (eq-sum)

See {eq}`eq-sum`.

$$
LONG
$$
""".replace("LONG", " + ".join(f"x_{{{i}}}^2" for i in range(1, 41)))


# The tiny page's prose is English: it is built as the (first) language written in Latin letters.
TINY_LANGUAGE = languages.by_script("Latn")[0].sphinx


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    (src / "index.md").write_text(GOOD_AND_BAD, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    args = sitebuild.sphinx_args(ROOT, src, out / "html", out / ".doctrees",
                                 "-D", "nb_execution_mode=off",  # leave the shared execution cache alone
                                 language=TINY_LANGUAGE)
    proc = sitebuild.run_sphinx(args, ROOT, in_process=True)
    return proc, src, (out / "html" / "index.html")


def test_bad_tex_fails_the_build_naming_page_and_line(tiny_build):
    proc, src, _ = tiny_build
    assert proc.returncode != 0, "a formula that cannot be rendered must fail the build"
    messages = [line for line in proc.output.splitlines() if "notamacro" in line]
    assert messages, proc.output
    assert any(f"{src / 'index.md'}:15" in line for line in messages), proc.output


def test_tiny_build_renders_math_and_leaves_dollars_alone(tiny_build):
    proc, _, html = tiny_build
    others = [line for line in proc.output.splitlines() if ("WARNING" in line or "ERROR" in line) and "notamacro" not in line]
    assert others == [], "only the bad formula warns"
    page = htmlpages.read(html)
    maths = page.find_all("math")
    assert len(maths) == 3, "$3(x_i + 2)^2$ and the two display formulas, nothing else"
    equation = page.find(id="equation-eq-sum")
    assert equation.name == "div" and equation["class"] == ["math", "notranslate"]
    number = next(child for child in equation.children if not isinstance(child, str) or child.strip())
    assert number.name == "span" and number["class"] == ["eqno"] and htmlpages.text(number).startswith("(1)")
    assert {"xmlns": "http://www.w3.org/1998/Math/MathML", "display": "block"} in [m.attrs for m in maths]
    assert page.find(href="#equation-eq-sum") is not None
    assert "5$ or $ 10" in htmlpages.text(page), "a dollar next to a digit or a space is not math"
    scripts = [" ".join(f"{name}={value}" for name, value in script.attrs.items()).lower()
               for script in page.find_all("script")]
    assert not [s for s in scripts if "mathjax" in s or "://" in s], "no MathJax, no script from another host"


@pytest.mark.browser
@pytest.mark.full  # the fast tier draws the formulas of a real page in the browser (below)
def test_long_display_formula_scrolls_in_its_box_on_a_phone(tiny_build, browser):
    from tests.browser import SIZES, serve

    _, _, html = tiny_build
    # The browser itself, not pytest-playwright's new_context: this serves the tiny build, and
    # new_context would serve the built site too (its base URL), which this test does not need.
    with serve(html.parent) as url, browser.new_context(**SIZES["phone"]) as context:
        tab = context.new_page()
        tab.goto(f"{url}/index.html", wait_until="networkidle")
        got = tab.evaluate("""() => {
          const box = [...document.querySelectorAll('div.math')].pop();
          const style = getComputedStyle(box);
          return {page: document.documentElement.scrollWidth, box: box.clientWidth, inner: box.scrollWidth,
                  overflow: style.overflowX, align: style.textAlign};
        }""")
    assert got["page"] <= 390, "the long formula widens the page"
    assert got["inner"] > got["box"] and got["overflow"] == "auto", "the formula scrolls inside its box"
    assert got["align"] == "center"


# --- no stray dollars in the pages' sources ---------------------------------------


def test_every_dollar_in_prose_is_a_formula():
    """A ``$`` outside code that is not part of a formula would turn into (or break) math."""
    stray = []
    for lang, page in ALL_PAGES:
        prose = markdown.parse((ROOT / "docs" / lang / page).read_text(encoding="utf-8")).prose()
        stray += [f"docs/{lang}/{page}:{prose.count(chr(10), 0, m.start()) + 1}" for m in re.finditer(r"\$", prose)]
    assert stray == []


def test_every_language_has_the_same_formulas():
    first = LANGS[0]
    for page in page_alignment.pages(ROOT, first):
        tex = {lang: sorted(t for _, t in source_formulas((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))) for lang in LANGS}
        for lang in LANGS:
            assert tex[lang] == tex[first], (page, lang)


# --- the built site ----------------------------------------------------------------


def test_pages_with_math_are_known():
    assert {page for _, page in MATH_PAGES} >= {"autograd.md", "nn/modules.md", "nn/training.md"}


@pytest.mark.parametrize(("lang", "doc"), tiered_sources(ALL_PAGES), ids=lambda v: str(v))
def test_built_page_has_mathml_for_every_formula_and_no_other(lang, doc):
    """As many <math> as the source has formulas: none missing, and no stray $ turned into one."""
    built = read_built(lang, doc)
    formulas = source_formulas((ROOT / "docs" / lang / doc).read_text(encoding="utf-8"))
    assert built.maths == len(formulas), f"{lang}/{doc}: {built.maths} <math> for {len(formulas)} formulas"


@pytest.mark.parametrize(("lang", "doc"), tiered_sources(ALL_PAGES), ids=lambda v: str(v))
def test_built_page_shows_no_raw_tex_and_loads_no_mathjax(lang, doc):
    built = read_built(lang, doc)
    raw = sorted({m.group(0) for m in RAW_TEX.finditer(built.prose)})
    assert raw == [], f"{lang}/{doc} shows raw TeX"
    assert not built.mathjax


# --- in the browser ----------------------------------------------------------------

DESKTOP = {"viewport": {"width": 1280, "height": 900}}  # the screenshots' desktop: taller than SIZES["desktop"]

MEASURE = """async () => {
  await document.fonts.ready;  // sizes as drawn in the math font, once it has loaded
  const maths = [...document.querySelectorAll('article math')];
  const boxes = maths.map(m => m.getBoundingClientRect());
  return {
    count: maths.length,
    empty: boxes.filter(b => b.width < 4 || b.height < 6).length,
    text: (() => {  // visible prose text: code and MathML aside
      const walk = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
      const out = [];
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (el.closest('pre, code, math, script, style') || !el.getClientRects().length) continue;
        out.push(n.textContent);
      }
      return out.join('');
    })(),
    font: maths.length ? getComputedStyle(maths[0]).fontFamily : '',
    colour: maths.length ? getComputedStyle(maths[0]).color : '',
    body: getComputedStyle(document.querySelector('article p')).color,
    wide: [...document.querySelectorAll('article div.math')].filter(d => d.getBoundingClientRect().right > innerWidth + 1).length,
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "doc"), [  # the fast tier: nn/training in one language (fast_language)
    v if v[1] == "nn/training.md" and v[0] == fast_language(1) else pytest.param(*v, marks=pytest.mark.full)
    for v in MATH_PAGES
], ids=lambda v: str(v))
@pytest.mark.parametrize("scheme", ["dark", pytest.param("light", marks=pytest.mark.full)])
def test_browser_draws_every_formula(warm_tab, lang, doc, scheme):
    tab = warm_tab(f"{lang}/{doc.replace('.md', '.html')}", "phone", scheme)
    got = tab.evaluate(MEASURE)
    assert got["count"] >= len(source_formulas((ROOT / "docs" / lang / doc).read_text(encoding="utf-8")))
    assert got["empty"] == 0, f"{got['empty']} formulas have no rendered size"
    assert RAW_TEX.findall(got["text"]) == []
    assert "DejaVu Math TeX Gyre" in got["font"]
    assert got["colour"] == got["body"], "formulas take the text colour of the page (dark mode)"
    assert got["wide"] == 0, "a display formula runs off the phone screen"


@pytest.mark.browser
@pytest.mark.full
def test_screenshots_of_a_formula_page(new_context):
    """Screenshots for a person to look at: nn/training, light/dark, desktop/phone."""
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in LANGS:
        for device, options in (("desktop", DESKTOP), ("phone", {})):
            for scheme in ("light", "dark"):
                tab = open_page(new_context, f"{lang}/nn/training.html", device, scheme, wait_until="networkidle",
                                **options)
                formula = tab.locator("article math")
                assert formula.count(), "nn/training shows no formula"
                formula.first.scroll_into_view_if_needed()
                tab.evaluate("window.scrollBy(0, -120)")
                path = ARTIFACTS / f"math-{lang}-{device}-{scheme}.png"
                tab.screenshot(path=str(path))
