"""Publish each section under its explicit label only.

docutils gives every section an id made from its title: a slug of the English
title (``the-notes-dataset``), or ``id3`` for a Chinese one. A ``(label)=`` above
the heading adds the label's id, but the title's id stays on the page as an
extra anchor (``<span id="id2">``), different in the two languages. Here, as a
page is read, a section that carries an explicit label keeps only its label
ids; the title-made id and its implicit name are dropped, so nothing can link
to an anchor the other language does not have. The table of contents, the
heading's permalink and ``{ref}`` all use the label.

A label whose id was taken by a title (``(autograd)=`` on a second heading
"Autograd" gets ``id1`` because the page title's slug is already
``autograd``) gets its own name back once the title's id is dropped. This runs
as a transform before Sphinx's domains record the labels' ids (priority 850),
so ``{ref}`` links, the search index and the table of contents agree.

A section without a label is left alone: ``page_alignment`` (tests/content/test_pages_align.py)
reports it, and tests/build/test_anchors.py fails on its generated id in the built page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

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
    labelled = []
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
        labelled.append(section)
    # Second pass, once every title-made id is gone: a label gets the id of its own name.
    for section in labelled:
        for name in [n for n in section["names"] if document.nametypes.get(n)]:
            old, new = document.nameids[name], nodes.make_id(name)
            if old == new or not new or new in document.ids:
                continue
            section["ids"][section["ids"].index(old)] = new
            del document.ids[old]
            document.ids[new] = section
            document.nameids[name] = new
            for node in document.findall(nodes.Element):
                if node.get("refid") == old:
                    node["refid"] = new


class DropGeneratedSectionIds(SphinxTransform):
    # After docutils propagates labels to their sections (260), before Sphinx's
    # domains record each label's id (SphinxDomains, 850).
    default_priority = 800

    def apply(self, **kwargs) -> None:
        drop_generated_ids(self.document)


def setup(app: Sphinx) -> dict:
    app.add_transform(DropGeneratedSectionIds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
