"""Render math as MathML at build time: no script, no font from another host.

Sphinx's default HTML math renderer is MathJax from a CDN, which breaks the
offline site. This extension registers a renderer named ``mathml`` that
converts each formula with docutils' own LaTeX-to-MathML converter
(``docutils.utils.math.latex2mathml``); browsers draw MathML natively.

TeX the converter cannot handle (an unknown macro, unbalanced braces) raises
``MathError``: the formula is reported as a build warning at its source file
and line (an error under ``-W``), and the page shows the TeX as code instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils.math import MathError, latex2mathml
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)


def to_mathml(tex: str, block: bool = False) -> str:
    """The MathML for ``tex``; raises ``MathError`` on TeX the converter rejects."""
    return latex2mathml.tex2mathml(tex, as_block=block)


def _convert(self: HTML5Translator, node: nodes.Element, tex: str, block: bool) -> str | None:
    try:
        return to_mathml(tex, block)
    except MathError as exc:
        logger.warning("cannot render math \"%s\": %s", tex, exc, location=node, type="mathml", subtype="tex")
        return None


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    tex = node.astext()
    mathml = _convert(self, node, tex, block=False)
    if mathml is None:
        self.body.append(self.starttag(node, "code", "", CLASS="math-error") + self.encode(tex) + "</code>")
    else:
        self.body.append(self.starttag(node, "span", "", CLASS="math notranslate") + mathml + "</span>")
    raise nodes.SkipNode


def visit_math_block(self: HTML5Translator, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # Several equations separated by blank lines are one aligned block.
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    tex = parts[0] if len(parts) == 1 else r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"
    mathml = _convert(self, node, tex, block=True)
    self.body.append(mathml if mathml is not None else f'<pre class="math-error">{self.encode(tex)}</pre>')
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_math_block, None),
    )
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
