"""The one reader of the pages' Markdown (notesite/core/markdown.py) reads a page as the build does.

* Its parser settings are conf.py's ``myst_*`` settings, so a page's dollars, colon fences
  and definition lists mean to every check what they mean to the build.
* Its code cells are the cells MyST-NB puts into each page's notebook, on every page; a cell
  shown inside a code block (a ```` ```text ```` or ```` ````markdown ```` example) is none.
* Labels, headings, directives, math and roles carry the page lines they stand on, inside a
  directive's body too; what is not prose is blanked with the page's lines and offsets kept.
"""

from __future__ import annotations

import pytest

from notesite.core import markdown
from notesite.core import snippet_regions
from notesite.ext import page_alignment
from tests.helpers import LANGS, ROOT


def conf_settings() -> dict:
    """conf.py's MyST settings, as Sphinx reads them: the file executed in a namespace."""
    namespace = {"__file__": str(ROOT / "conf.py")}
    exec(compile((ROOT / "conf.py").read_text(encoding="utf-8"), str(ROOT / "conf.py"), "exec"), namespace)
    return {name.removeprefix("myst_"): value for name, value in namespace.items() if name.startswith("myst_")}


def test_reader_parses_with_the_settings_of_conf_py():
    settings = conf_settings()
    assert {"enable_extensions", "dmath_allow_space", "dmath_allow_digits"} <= set(settings)
    for name, value in settings.items():
        assert hasattr(markdown.CONFIG, name), f"conf.py's myst_{name} is no MyST parser setting"
        got = getattr(markdown.CONFIG, name)
        assert (set(got) if name == "enable_extensions" else got) == (set(value) if name == "enable_extensions" else value), (
            f"notesite/core/markdown.py reads pages with {name}={got!r}, conf.py builds them with {value!r}")


ALL_PAGES = [(lang, page) for lang in LANGS for page in page_alignment.pages(ROOT, lang)]


@pytest.mark.parametrize(("lang", "doc"), ALL_PAGES, ids=lambda v: str(v))
def test_cells_are_the_cells_of_myst_nb_notebook(lang, doc):
    """Every page: the reader's code cells start on the lines where MyST-NB's notebook has them."""
    from myst_nb.core.read import read_myst_markdown_notebook

    text = (ROOT / "docs" / lang / doc).read_text(encoding="utf-8")
    notebook = read_myst_markdown_notebook(text, markdown.CONFIG, add_source_map=True)
    theirs = [line for cell, line in zip(notebook.cells, notebook.metadata["source_map"]) if cell.cell_type == "code"]
    assert [cell.line for cell in markdown.parse(text).cells] == theirs


EXAMPLES = """\
---
kernelspec:
  name: python3
---

(page)=
# Page

A cell, shown as text:

````text
```{code-cell} ipython3
:snippet: shown/as_text.py:no
```
````

and as MyST source:

````markdown
(not-a-label)=
## Not a heading
```{code-cell} ipython3
:snippet: shown/as_markdown.py:no
```
````

```{code-cell} ipython3
:snippet: real/cell.py:yes
:alt: A   picture,  folded

```
"""


def test_a_cell_shown_in_a_code_block_is_no_cell():
    page = markdown.parse(EXAMPLES)
    assert [(c.line, c.options["snippet"]) for c in page.cells] == [(27, "real/cell.py:yes")]
    [cell] = snippet_regions.find_cells(EXAMPLES)
    assert (cell.ref, cell.line, cell.alt) == ("real/cell.py:yes", 27, "A picture, folded")
    assert EXAMPLES[cell.start:cell.end] == EXAMPLES[EXAMPLES.index("```{code-cell} ipython3\n:snippet: real"):].rstrip("\n")
    assert page.labels == ["page"] and [(h.line, h.title, h.label) for h in page.headings] == [(7, "Page", "page")]
    assert [(b.language, b.line, b.end) for b in page.code_blocks] == [("text", 11, 15), ("markdown", 19, 25)]


def test_alt_text_leaves_the_cell_and_the_other_lines_stay():
    text, cells = snippet_regions.pop_alt_texts(EXAMPLES)
    assert [(c.line, alt) for c, alt in cells] == [(27, "A picture, folded")]
    assert text == EXAMPLES.replace(":alt: A   picture,  folded\n", "")  # the examples' lines untouched
    [cell] = snippet_regions.find_cells(text)
    assert (cell.line, cell.options, cell.body) == (27, ":snippet: real/cell.py:yes\n", "")


def test_a_label_belongs_to_the_heading_right_below_it():
    text = "(a)=\n# A\n\n(b)=\n\n## B has a blank line above\n\n## C\n(d)=\n### D\n\n```\n(e)=\n## E\n```\n"
    page = markdown.parse(text)
    assert page.labels == ["a", "b", "d"]
    assert [(h.line, h.level, h.title, h.label) for h in page.headings] == [
        (2, 1, "A", "a"), (6, 2, "B has a blank line above", None), (8, 2, "C", None), (10, 3, "D", "d")]
    assert page_alignment.unlabelled_headings(text) == [(6, "B has a blank line above"), (8, "C")]
    assert page_alignment.sections(text)[1] == ("b", "\n\n## B has a blank line above\n\n## C\n")


def test_directive_bodies_are_read_on_their_page_lines():
    text = (
        "(p)=\n# P\n\n"                                          # 1-3
        "::::{admonition} Version note: `x` since 2.1\n"          # 4
        ":class: version-note warning\n\n"                        # 5-6
        "The notes: {notes}`引文`, with $a_1$.\n\n"               # 7-8
        ":::{exercise}\n:label: p-ex-inner\n\n$$\nb^2\n$$\n:::\n"  # 9-15
        "Evidence: {cell}`the cell <p/q.py:r>`\n"                 # 16
        "::::\n\n"                                                # 17-18
        ":::{solution-start} p-ex-inner\n:class: dropdown\n:::\n"  # 19-21
        ":::{exercise}\n"                                         # 22: never closed
        "No label, no end.\n"
    )
    page = markdown.parse(text)
    box, inner, start, open_ = page.directives
    assert (box.name, box.argument, box.options, box.line, box.options_end, box.body_line, box.end, box.closed) == (
        "admonition", "Version note: `x` since 2.1", {"class": "version-note warning"}, 4, 6, 7, 17, True)
    assert (inner.line, inner.end, inner.options, inner.parent) == (9, 15, {"label": "p-ex-inner"}, box)
    assert (start.name, start.argument, start.line, start.parent) == ("solution-start", "p-ex-inner", 19, None)
    assert (open_.line, open_.end, open_.closed) == (22, 23, False)
    assert [(m.tex, m.line, m.display) for m in page.math] == [("a_1", 7, False), ("b^2", 12, True)]
    assert [(r.name, r.content, r.line) for r in page.roles] == [("notes", "引文", 7), ("cell", "the cell <p/q.py:r>", 16)]
    assert [text[r.start:r.end] for r in page.roles] == ["{notes}`引文`", "{cell}`the cell <p/q.py:r>`"]
    assert [(p.line, p.parent) for p in page.paragraphs if p.parent is box] == [(7, box), (16, box)]
    assert page_alignment.blocks(text) == [(9, "exercise", "p-ex-inner"), (19, "solution-start", None),
                                           (22, "exercise", None)]


def test_dollar_math_is_read_as_conf_py_sets_it():
    """No space inside the dollars and no digit outside them: a shell prompt and prices stay text."""
    text = "A $x_i$, a prompt `$ ls`, a price of 5$ or $ 10, and $y$2 no.\n$$z$$ inline\n"
    page = markdown.parse(text)
    assert [(m.tex, m.line) for m in page.math] == [("x_i", 1), ("z", 2)]
    assert [text.count("\n", 0, i) + 1 for i, char in enumerate(page.prose()) if char == "$"] == [1, 1, 1, 1, 2, 2]


def test_prose_blanks_what_is_not_prose_and_keeps_the_places():
    text = (
        "---\ntitle: front\n---\n(lab)=\n# Title `code`\n\n"
        "Words [link text](target.html) and ![alt words](img.png) <!-- note --> {ref}`role`.\n\n"
        "- a list item with `inline code` and $m$\n"
        "  across <https://example.org/x> two lines\n\n"
        ":::{tip} Tip title\n:class: x\nTip body.\n:::\n"
    )
    page = markdown.parse(text)
    prose = page.prose()
    assert len(prose) == len(text) and [i for i, c in enumerate(prose) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"]
    assert prose.split() == ["#", "Title", "Words", "and", ".", "-", "a", "list", "item", "with", "and",
                             "across", "two", "lines", "Tip", "title", "Tip", "body."]
    kept = page.prose(keep=lambda span: span.kind in ("link", "image", "inline code"))
    assert "link text" in kept and "alt words" in kept and " inline code " in kept and "target" not in kept
    spans = {(s.kind, text[s.start:s.end]) for s in page.not_prose}
    assert {("inline code", "`inline code`"), ("math", "$m$"), ("url", "<https://example.org/x>"),
            ("option", ":class: x"), ("directive", ":::{tip}"), ("directive", ":::")} <= spans


def test_front_matter_and_definitions():
    text = "---\nkernelspec:\n  name: python3\n---\n\n张量（tensor）\n: 多维数组。\n: 不写作：A、B\n\nterm two\n: one\n"
    page = markdown.parse(text)
    assert page.front_matter == "kernelspec:\n  name: python3"
    assert page_alignment.front_matter(text) == page.front_matter
    assert [(d.term, d.line, d.definitions) for d in page.definitions] == [
        ("张量（tensor）", 6, ("多维数组。", "不写作：A、B")), ("term two", 10, ("one",))]
