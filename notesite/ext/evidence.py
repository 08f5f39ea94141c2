"""Sphinx extension: every Correction and Version note proves itself.

A box ``:::{admonition}`` whose classes include ``correction`` (the notes' claim
never held) or ``version-note`` (it held once and changed in a named release)
opens with the notes' words and ends with its evidence (the contributing page
says which box is which). Three roles, and a check of every such box:

* ``{notes}`quote``` quotes the notes (``docs/_data/notes.txt``, the original
  Chinese study notes, kept verbatim). The quote must occur there with all
  whitespace removed on both sides. It renders in the page language's quotation
  marks (``notes_quote`` in ``notesite/core/languages.py``), marked with the notes'
  language (``lang``) on the pages of the other languages.
* ``{cell}`ref``` or ``{cell}`text <ref>``` links to the code cell of this page
  whose ``:snippet:`` option is ``ref`` (``data/basics.py:no_len``), executed or
  ``[gpu]``. Every snippet cell's container gets an id made from its reference
  (:func:`cell_id`: ``cell-data-basics-no_len``), the same in every language;
  the id is set on the doctree only, never in the notebook, so the cells that the
  execution cache hashes stay identical between the languages. Without a link
  text the role says ``cell_link`` (languages.py) with the region's name.
* ``{source}`path:line:words``` cites line ``line`` of an installed file: ``path``
  is relative to the folder holding its top-level package (``torch/...`` in
  site-packages) or to the standard library (``multiprocessing/context.py``), and
  the line must contain ``words`` (whitespace-normalised). It renders the path,
  the line and the version (``source_line`` in languages.py): the distribution's
  version without its local label (``torch 2.14.1``, not ``+cu130``), or
  ``Python <major>.<minor>`` for the standard library, so the page does not depend
  on the machine; no absolute path reaches the page.
* The box check (``doctree-read``): the box's first paragraph holds a ``{notes}``
  quote (rule 1), its last paragraph a ``{cell}`` or ``{source}`` (rule 2), and a
  version note names a release, a ``\\d+\\.\\d+`` number in its text outside the
  quote and the cited sources (rule 3).

Every failure is an error at the page and line, so ``-W`` fails the build.
"""

from __future__ import annotations

import copy
import functools
import importlib.metadata
import importlib.util
import re
import sys
import sysconfig
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.nodes import split_explicit_title

from notesite.core import languages
from notesite.ext import executed
from notesite.ext import snippet_cells
from notesite.core import snippet_regions

logger = logging.getLogger(__name__)

BOX_KINDS = ("correction", "version-note")
NOTES_CLASS, CELL_CLASS, SOURCE_CLASS = "notes-quote", "cell-evidence", "source-evidence"
RELEASE = re.compile(r"\d+\.\d+")


def cell_id(ref: str) -> str:
    """The id of the container of the cell ``ref``: ``data/basics.py:no_len`` -> ``cell-data-basics-no_len``."""
    file, region = snippet_regions.split_ref(ref)
    return "cell-" + "-".join(file.removesuffix(".py").split("/")) + "-" + region


def squeeze(text: str) -> str:
    """The text with all whitespace removed: how a quote is compared with the notes."""
    return re.sub(r"\s+", "", text)


@functools.cache
def notes_text(path: str) -> str:
    return squeeze(Path(path).read_text(encoding="utf-8"))


def notes_path(env) -> Path:
    return Path(env.app.confdir) / env.config.evidence_notes


def page_language(env) -> languages.Language:
    return languages.of_sphinx(env.config.language)


def _error(env, lineno, message: str, *args, subtype: str) -> None:
    logger.error(message, *args, location=(env.docname, snippet_cells.page_line(env.docname, lineno)),
                 type="evidence", subtype=subtype)


def _around(template: str, field: str, middle: nodes.Node) -> list[nodes.Node]:
    """``template`` (a language string holding ``{field}``) as nodes, ``middle`` in the field's place."""
    before, _, after = template.partition("{" + field + "}")
    return [n for n in (nodes.Text(before), middle, nodes.Text(after)) if not isinstance(n, nodes.Text) or str(n)]


# --- {notes} --------------------------------------------------------------------------------------


def notes_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    path = notes_path(env)
    env.note_dependency(str(path))  # an edit of the notes checks every quote again
    quote = " ".join(text.split())
    if not quote or squeeze(quote) not in notes_text(str(path)):
        _error(env, lineno, "the quote %r is not in the notes (%s), whitespace aside: quote them verbatim",
               quote, env.config.evidence_notes, subtype="notes")
    lang = page_language(env)
    words = nodes.inline(quote, quote)
    if lang.code != languages.FIRST.code:  # the notes' language, marked for the reader's browser and voice
        words["classes"].append(f"language-{languages.FIRST.html_lang}")
    box = nodes.inline(rawtext, "", classes=[NOTES_CLASS])
    box.extend(_around(lang["notes_quote"], "quote", words))
    return [box], []


# --- {cell} ---------------------------------------------------------------------------------------


def cell_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    explicit, title, ref = split_explicit_title(" ".join(text.split()))
    written = [cell.ref for cell in snippet_cells.page_cells(env, env.docname)]
    try:
        target = cell_id(ref)
    except snippet_regions.SnippetError as exc:
        _error(env, lineno, "{cell}: %s", exc, subtype="cell")
        return [nodes.inline(rawtext, text)], []
    if ref not in written:
        _error(env, lineno, "{cell} names %r, which is no code cell of this page (its cells: %s)",
               ref, ", ".join(written) or "none", subtype="cell")
    link = nodes.reference(rawtext, "", refid=target, internal=True, classes=[CELL_CLASS])
    if explicit:
        link += nodes.Text(title)
    else:
        region = snippet_regions.split_ref(ref)[1]
        link.extend(_around(page_language(env)["cell_link"], "region", nodes.literal(region, region)))
    return [link], []


def label_cells(app, doctree) -> None:
    """Give every snippet cell's container the id :func:`cell_id` makes from its reference."""
    for cell in executed.cells(doctree, snippet_cells.page_cells(app.env, app.env.docname)):
        ref, box = cell.ref, cell.box
        if not ref:
            continue
        try:
            new = cell_id(ref)
        except snippet_regions.SnippetError:
            continue  # snippet_cells reports the malformed reference
        if new in doctree.ids:  # a region shown twice: the first cell is the one linked
            continue
        box["ids"].append(new)
        doctree.ids[new] = box


# --- {source} -------------------------------------------------------------------------------------


class SourceError(Exception):
    pass


def stdlib() -> Path:
    return Path(sysconfig.get_paths()["stdlib"]).resolve()


def installed_file(path: str) -> tuple[Path, str]:
    """The file ``path`` names (relative to its top-level package's folder) and what it comes with."""
    top = path.split("/")[0].removesuffix(".py")
    spec = importlib.util.find_spec(top) if top.isidentifier() else None
    if spec is None:
        raise SourceError(f"no installed package or standard library module {top!r}")
    where = list(spec.submodule_search_locations or []) or ([spec.origin] if spec.origin else [])
    for location in where:
        base = Path(location).parent
        file = base / path
        if file.is_file():
            return file, release_of(top, base)
    raise SourceError(f"{top!r} has no file {path!r}")


@functools.cache
def _distributions() -> dict[str, list[str]]:
    """Top-level package -> distributions: read from every installed distribution's metadata
    (nearly half a second), so once per process; a build's environment does not change under it."""
    return importlib.metadata.packages_distributions()


def release_of(top: str, base: Path) -> str:
    """``torch 2.14.1`` (the distribution, its version without a local label) or ``Python 3.11``."""
    if base.resolve() == stdlib():
        return f"Python {sys.version_info.major}.{sys.version_info.minor}"
    dists = _distributions().get(top) or [top]
    version = importlib.metadata.version(dists[0]).split("+")[0]
    return f"{importlib.metadata.metadata(dists[0])['Name']} {version}"


def source_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    path, line_text, words = (text.split(":", 2) + ["", ""])[:3]
    path, words = path.strip(), " ".join(words.split())
    try:
        if not line_text.strip().isdigit() or not words:
            raise SourceError(f"want {{source}}`path:line:words`, got {text!r}")
        number = int(line_text)
        file, release = installed_file(path)
        lines = file.read_text(encoding="utf-8").splitlines()
        if not 1 <= number <= len(lines):
            raise SourceError(f"{path} has {len(lines)} lines, no line {number}")
        found = " ".join(lines[number - 1].split())
        if words not in found:
            raise SourceError(f"line {number} of {path} ({release}) does not contain {words!r}; it reads {found!r}")
    except SourceError as exc:
        _error(env, lineno, "{source}: %s", exc, subtype="source")
        return [nodes.inline(rawtext, text)], []
    template = page_language(env)["source_line"]
    box = nodes.inline(rawtext, "", classes=[SOURCE_CLASS])
    for part in _around(template, "path", nodes.literal(path, path)):
        if isinstance(part, nodes.Text):
            filled = str(part).replace("{line}", str(number)).replace("{release}", release)
            box += nodes.Text(filled)
        else:
            box += part
    return [box], []


# --- the boxes ------------------------------------------------------------------------------------


def has(node: nodes.Node, cls: str) -> bool:
    return any(cls in n.get("classes", []) for n in node.findall(nodes.Element))


def check_boxes(app, doctree) -> None:
    env = app.env
    for box in doctree.findall(nodes.admonition):
        kinds = [k for k in BOX_KINDS if k in box.get("classes", [])]
        if not kinds:
            continue
        title = next((c.astext() for c in box.children if isinstance(c, nodes.title)), kinds[0])
        paragraphs = [c for c in box.children if isinstance(c, nodes.paragraph)]
        where = box.line or (paragraphs[0].line if paragraphs else None)
        if not paragraphs or not has(paragraphs[0], NOTES_CLASS):
            _error(env, where, "box %r (%s): its first paragraph has no {notes} quote (rule 1: a Correction or "
                   "Version note opens with the notes' words)", title, kinds[0], subtype="box")
        if not paragraphs or not (has(paragraphs[-1], CELL_CLASS) or has(paragraphs[-1], SOURCE_CLASS)):
            _error(env, where, "box %r (%s): its last paragraph has no {cell} or {source} (rule 2: a Correction "
                   "or Version note ends with its evidence)", title, kinds[0], subtype="box")
        if "version-note" in kinds:
            text = copy.deepcopy(box)
            for cited in [n for n in text.findall(nodes.Element)
                          if {NOTES_CLASS, SOURCE_CLASS} & set(n.get("classes", []))]:
                cited.parent.remove(cited)
            if not RELEASE.search(text.astext()):
                _error(env, where, "box %r (version-note): names no release (rule 3: a Version note says in which "
                       "release the behaviour changed, e.g. 'since PyTorch 2.0')", title, subtype="box")


def setup(app):
    app.setup_extension("notesite.ext.snippet_cells")  # the cells as written on each page
    app.add_config_value("evidence_notes", "docs/_data/notes.txt", "env")
    app.add_role("notes", notes_role)
    app.add_role("cell", cell_role)
    app.add_role("source", source_role)
    app.connect("doctree-read", label_cells)
    app.connect("doctree-read", check_boxes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
