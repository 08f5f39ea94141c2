"""Every heading is published under its explicit label, the same in both languages.

* In the sources, each Markdown heading (``#`` to ``######``, code blocks aside)
  has a ``(label)=`` on the line right above it (page_alignment, run on the site
  by tests/content/test_pages_align.py; its detection is tested here).
* In the built pages (both languages), every ``<section>`` has a label from its
  page's source as its id, and no other anchor: no ``id3`` and no slug of the
  title (notesite/ext/section_anchors.py drops those).
* The links of the page's table of contents, the navigation and the headings'
  permalinks point at labels.

Nothing reads _build at import time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from notesite.core import htmlpages
from notesite.ext import page_alignment
from notesite.ext import section_anchors
from tests.browser import tiered_sources
from tests.helpers import ROOT

SITE = ROOT / "_build" / "html"
PAGES = [(lang, page) for lang in page_alignment.LANGS for page in page_alignment.pages(ROOT, lang)]
HEADING_TAGS = {f"h{i}" for i in range(1, 7)}


# --- the source check ----------------------------------------------------------------


def test_unlabelled_headings_found_at_every_level():
    text = (
        "---\nkernelspec:\n  name: python3\n---\n"  # 1-4
        "\n"  # 5
        "(page)=\n# Title\n"  # 6-7: labelled
        "## No label\n"  # 8
        "(page-a)=\n\n### Blank line between\n"  # 9-11: the label must be right above
        "```markdown\n# not a heading, in a code block\n```\n"  # 12-14
        "````{code-cell} ipython3\n```\n# inner\n```\n````\n"  # 15-19
        "~~~\n## tilde fence\n~~~\n"  # 20-22
        "(page-b)=\n###### Deepest\n"  # 23-24
        "####### seven hashes is text\n"  # 25
        "#hashtag is text\n"  # 26
        "#### Last\n"  # 27
    )
    assert page_alignment.unlabelled_headings(text) == [(8, "No label"), (11, "Blank line between"), (27, "Last")]


def test_problems_name_the_page_and_line(tmp_path):
    for lang in page_alignment.LANGS:
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "p.md").write_text("(p)=\n# P\n\n(p-a)=\n## A\n\n### B\n", encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    assert page_alignment.problems(tmp_path) == [
        f"docs/{lang}/p.md:7: heading 'B' has no label" for lang in page_alignment.LANGS
    ]


# --- the extension, on a doctree ---------------------------------------------------------

RST = """\
.. _page-title:

Autograd
========

.. _sec-a:

Section A
---------

.. _autograd:

Section B
---------

Section C
---------

See autograd_.
"""


def test_extension_keeps_only_label_ids():
    # doctitle_xform off: the title stays a section, as in a Sphinx page.
    document = publish_doctree(RST, settings_overrides={"doctitle_xform": False, "report_level": 4})
    before = [s["ids"] for s in document.findall(nodes.section)]
    assert before[1] != ["sec-a"], "docutils adds the title's id next to the label"
    assert document.nameids["autograd"] != "autograd", "the title's slug took the label's id"
    section_anchors.drop_generated_ids(document)
    after = [s["ids"] for s in document.findall(nodes.section)]
    assert after == [["page-title"], ["sec-a"], ["autograd"], ["section-c"]], "an unlabelled section is left alone"
    assert document.nameids["sec-a"] == "sec-a" and document.nameids["autograd"] == "autograd"
    assert "section a" not in document.nameids and "section-a" not in document.ids
    assert {n["refid"] for n in document.findall(nodes.reference) if n.get("refid")} == {"autograd"}


# --- the built site ------------------------------------------------------------------------


@dataclass
class Anchors:
    """Section ids, other ids, and fragment links of a built page's article and navigation."""

    sections: list[str] = field(default_factory=list)  # the ids of the article's sections
    extra: list[str] = field(default_factory=list)  # ids written as <span id> next to a section's heading
    ids: list[str] = field(default_factory=list)  # every other id inside the article (sections' and headings' aside)
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, href) of TOC, navigation and permalinks


def anchors(page) -> Anchors:
    """The anchors of a parsed page: ids in its article's document order, fragment links anywhere."""
    found = Anchors()
    heading_pending = False  # after a section's start tag, before its heading
    article = htmlpages.article(page)
    for element in [article, *article.find_all(True)]:
        if element.name == "section" and element.has_attr("id"):
            found.sections.append(element["id"])
            heading_pending = True
        elif element.name in HEADING_TAGS:
            heading_pending = False
        elif element.has_attr("id"):
            (found.extra if heading_pending and element.name == "span" else found.ids).append(element["id"])
    for a in page.find_all("a", href=lambda href: href is not None and "#" in href):
        classes = a.get("class", [])
        if "headerlink" in classes:
            found.links.append(("permalink", a["href"]))
        elif "cell-evidence" in classes:
            pass  # a {cell} link lands on a code cell, not a section (evidence.py; the link checker resolves it)
        elif "nav-link" in classes or "reference" in classes and "internal" in classes:
            found.links.append(("toc", a["href"]))
    return found


def source_labels(lang: str, page: str) -> list[str]:
    return page_alignment.labels((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))


@functools.cache  # the built page is read once for the tests of both its checks
def built(lang: str, page: str) -> Anchors:
    path = SITE / lang / page.replace(".md", ".html")
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is not built: run `make html` first")
    return anchors(htmlpages.read(path))


@pytest.mark.parametrize(("lang", "doc"), tiered_sources(PAGES), ids=lambda v: str(v))
def test_sections_are_published_under_their_labels_only(lang, doc):
    html, labels = built(lang, doc), set(source_labels(lang, doc))
    assert html.sections, f"{lang}/{doc} has no sections"
    generated = [i for i in html.sections if i not in labels]
    assert generated == [], f"{lang}/{doc}: sections published under generated ids (label their headings)"
    assert html.extra == [], f"{lang}/{doc}: headings carry extra, generated anchors"
    assert [i for i in html.ids if re.fullmatch(r"id\d+", i)] == [], f"{lang}/{doc}: generated ids in the article"


@pytest.mark.parametrize(("lang", "doc"), tiered_sources(PAGES), ids=lambda v: str(v))
def test_toc_and_permalinks_point_at_labels(lang, doc):
    html = built(lang, doc)
    here = doc.replace(".md", ".html").rsplit("/", 1)[-1]
    base = (ROOT / "docs" / lang / doc).parent
    wrong = []
    for kind, href in html.links:
        target, fragment = href.split("#", 1)
        if not fragment or fragment == "main-content":
            continue
        source = base / target.replace(".html", ".md") if target and target != here else ROOT / "docs" / lang / doc
        source = source.resolve()
        if not source.is_file():
            continue  # not a page (a download, a notebook)
        rel = source.relative_to((ROOT / "docs" / lang).resolve()).as_posix()
        if fragment not in source_labels(lang, rel):
            wrong.append(f"{kind} {href}")
    assert wrong == [], f"{lang}/{doc}: links to anchors that are not labels"
