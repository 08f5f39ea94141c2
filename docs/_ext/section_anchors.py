"""Publish each section under its explicit label only.

docutils gives every section an id made from its title: a slug of the English
title (``the-notes-dataset``), or ``id3`` for a Chinese one. A ``(label)=`` above
the heading adds the label's id, but the title's id stays on the page as an
extra anchor (``<span id="id2">``), different in the two languages. Here, once
a page is read, a section that carries an explicit label keeps only its label
ids; the title-made id and its implicit name are dropped, so nothing can link
to an anchor the other language does not have. The table of contents, the
heading's permalink and ``{ref}`` all use the label.

A section without a label is left alone: ``page_alignment`` (tests/test_pages_align.py)
reports it, and tests/test_anchors.py fails on its generated id in the built page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def label_ids(document: nodes.document, section: nodes.section) -> list[str]:
    """The ids of the explicit labels (targets) attached to ``section``, in order."""
    return [
        document.nameids[name]
        for name in section["names"]
        if document.nametypes.get(name) and document.nameids.get(name) in section["ids"]
    ]


def drop_generated_ids(document: nodes.document) -> None:
    for section in document.findall(nodes.section):
        keep = label_ids(document, section)
        if not keep:
            continue
        for node_id in [i for i in section["ids"] if i not in keep]:
            section["ids"].remove(node_id)
            if document.ids.get(node_id) is section:
                del document.ids[node_id]
        for name in [n for n in section["names"] if not document.nametypes.get(n)]:
            section["names"].remove(name)
            if document.nameids.get(name) not in keep:
                document.nameids.pop(name, None)
                document.nametypes.pop(name, None)
        section["ids"] = keep  # the label first: the permalink and the TOC use ids[0]


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    drop_generated_ids(doctree)


def setup(app: Sphinx) -> dict:
    # Before the table-of-contents collector (priority 500) reads the section ids.
    app.connect("doctree-read", on_doctree_read, priority=100)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
