"""One HTML reader (notesite/core/htmlpages.py) for everything that reads pages (issue 26).

* What it decides itself: a page's article text is what a reader sees there (no script,
  style, template, comment or CDATA; code and math left out when a caller asks), the
  content of a skipped element is left out but the element is not (its attributes still
  count), and a ``#fragment`` lands on an id or an ``<a name>`` only, never on a
  ``<meta name>`` or a form field's name.
* Nothing else in notesite/ or tests/ parses HTML: no other module imports BeautifulSoup
  or Python's ``html.parser``.
"""

from __future__ import annotations

import ast

import pytest

from notesite.core import htmlpages
from tests.browser import SITE
from tests.helpers import LANGS, ROOT

PAGE = """<!DOCTYPE html>
<html><head><meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="_static/site.css"><script src="_static/site.js"></script></head>
<body><nav title="Main"><a href="#top">Home</a></nav>
<article class="bd-article"><section id="top"><h1>Sum<a class="headerlink" href="#top">#</a></h1>
<p>Add <code>a + b</code> as <math><mi>a</mi><mo>+</mo><mi>b</mi></math>: R&amp;D<!-- note --><![CDATA[raw]]>.</p>
<script>var hidden = "script";</script><style>p { color: red }</style>
<template><p>later</p></template><pre>&gt;&gt;&gt; 1 + 1</pre>
<img src="_images/curve.png" data-src="lazy.png" alt="a curve"><a name="old-anchor"></a>
<form><input name="q"></form></section></article>
<footer>Built by Sphinx</footer></body></html>
"""


def test_article_text_is_what_a_reader_sees_of_the_article():
    page = htmlpages.parse(PAGE)
    seen = htmlpages.article_text(page)
    assert seen.split() == ["Sum#", "Add", "a", "+", "b", "as", "a+b:", "R&D.", ">>>", "1", "+", "1"]
    for hidden in ("script", "color", "later", "note", "raw", "Home", "Sphinx"):
        assert hidden not in seen, hidden


def test_article_text_leaves_out_the_elements_it_is_told_to():
    page = htmlpages.parse(PAGE)
    prose = htmlpages.article_text(page, skip=("pre", "code", "math"))
    assert prose.split() == ["Sum#", "Add", "as", ":", "R&D."]


def test_a_skipped_element_is_walked_but_not_its_content():
    page = htmlpages.parse(PAGE)
    items = list(htmlpages.walk(page, lambda element: element.name in ("article", "head")))
    names = [item.name for item in items if not isinstance(item, str)]
    assert names == ["html", "head", "body", "nav", "a", "article", "footer"]
    assert [item.strip() for item in items if isinstance(item, str) and item.strip()] == ["Home", "Built by Sphinx"]


def test_fragments_land_on_ids_and_anchor_names_only():
    page = htmlpages.parse(PAGE)
    assert htmlpages.ids(page) == {"top", "old-anchor"}  # not the viewport's or the search field's name
    assert htmlpages.links(page) == ["_static/site.css", "_static/site.js", "#top", "#top", "_images/curve.png"]


def test_a_page_without_an_article_says_so():
    with pytest.raises(ValueError, match="no <article>"):
        htmlpages.article_text(htmlpages.parse("<p>no article</p>"))


def test_a_page_read_for_one_tag_has_the_same_elements():
    """``only="img"`` gives the images a whole parse gives, attributes and all (entities decoded,
    images inside other elements, in a <noscript>, and none from a comment or a script)."""
    markup = ('<figure><a href="x"><img src="a.png" alt="x &lt; y &amp; z"></a></figure>'
              '<noscript><img src="b.png" alt="b"></noscript><!-- <img src="c.png"> -->'
              '<script>document.write(\'<img src="d.png">\')</script><p>text <img src="e.png" alt=""></p>')
    whole = [img.attrs for img in htmlpages.parse(markup).find_all("img")]
    assert [img.attrs for img in htmlpages.parse(markup, only="img").find_all("img")] == whole
    assert [a["src"] for a in whole] == ["a.png", "b.png", "e.png"] and whole[0]["alt"] == "x < y & z"
    page = SITE / LANGS[0] / "data.html"  # a page with pictures
    full = [img.attrs for img in htmlpages.read(page).find_all("img")]
    assert full and [img.attrs for img in htmlpages.read(page, only="img").find_all("img")] == full


def test_nothing_else_parses_html():
    """BeautifulSoup and html.parser are imported by htmlpages alone (imports inside functions too)."""
    reader = ROOT / "notesite" / "core" / "htmlpages.py"
    found = []
    for folder in ("notesite", "tests", "docs"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == reader or "__pycache__" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                found += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names
                          if name.split(".")[0] == "bs4" or name == "html.parser"]
    assert found == [], "read HTML with notesite.core.htmlpages:\n" + "\n".join(found)
