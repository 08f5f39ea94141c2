"""Sphinx extension: fill code cells from snippet regions and report failures at the snippet.

* ``source-read``: every ``{code-cell}`` with ``:snippet: file.py:region`` gets the
  region's code as its body before MyST-NB reads the page, and the snippet file is
  registered as a dependency of the page, so that editing it re-reads (and, since
  the cell's code changed, re-executes) the page. A cell without a reference, or a
  reference to a missing file or region, stops the build with the page and line.
* ``:alt: <text>`` on a code cell is the alternative text of the image(s) the cell
  shows, written in the page's language. ``source-read`` removes the option before
  MyST-NB reads the page (in the notebook's cell metadata it would make the two
  languages' notebooks differ, and the second language would execute again), and
  ``doctree-read`` sets it as the ``alt`` of the cell's output images. A cell that
  shows an image without ``:alt:`` is an error naming the page and line.
* ``doctree-read``: when MyST-NB reports a failed execution, the traceback's
  ``Cell In[n], line k`` positions are translated into snippet file and line, and
  the build fails with that location. A deprecation warning raised by the warning
  gate (``docs/_ipython/warning_gate.py``) fails the same way, with a hint.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

import exec_cache
import page_data
import snippet_regions

logger = logging.getLogger(__name__)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_POS = re.compile(r"Cell In\[(\d+)\], line (\d+)")
# A warning raised as an exception: only the warning gate (docs/_ipython/warning_gate.py) does that.
WARNING_RAISED = re.compile(r"(\w+\.)*\w*Warning: ")
GATE_HINT = ("deprecation warnings are errors in executed code (docs/_ipython/warning_gate.py): call the "
             "modern API, or, in a cell that shows the deprecated call on purpose, catch the warning and "
             "print it (contributing page)")


class ExecutedRegion(NamedTuple):
    path: str  # the snippet file, relative to the source folder
    first_line: int
    code: str


class PageCell(NamedTuple):
    ref: str  # the snippet reference, as written
    line: int  # the page line of the cell's fence
    alt: str  # its ``:alt:`` text, '' without one


class SnippetCells(page_data.PageData):
    """Per page: the regions executed, in order, and every snippet cell as written on the page."""

    FIELDS = ("snippet_cells", "snippet_page_cells")


def executed_regions(env, docname: str) -> list[ExecutedRegion]:
    """The regions the page executes, in order: ``Cell In[n]`` of a traceback is the n-th."""
    return page_data.of(env, "snippet_cells").get(docname, [])


def page_cells(env, docname: str) -> list[PageCell]:
    """Every snippet cell of the page as written (executed or [gpu]), in page order."""
    return page_data.of(env, "snippet_page_cells").get(docname, [])


def snippets_root(app) -> Path:
    return Path(app.confdir) / app.config.snippets_dir


def expand_page(app, docname: str, source: list[str]) -> None:
    text = source[0]
    executed, written = page_data.of(app.env, "snippet_cells"), page_data.of(app.env, "snippet_page_cells")
    if "{code-cell}" not in text:
        executed[docname], written[docname] = [], []
        return
    page = app.env.doc2path(docname)
    root = snippets_root(app)
    text, cells = snippet_regions.pop_alt_texts(text)
    try:
        source[0], regions = snippet_regions.expand(
            text, root, str(_rel(app, page)), gpu_profile=app.config.snippets_gpu_profile
        )
    except snippet_regions.SnippetError as exc:
        raise ExtensionError(str(exc)) from None
    executed[docname] = [ExecutedRegion(str(_rel(app, r.path)), r.first_line, r.code) for r in regions]
    written[docname] = [PageCell(cell.ref, cell.line, alt) for cell, alt in cells]
    for cell in snippet_regions.find_cells(text):  # executed or recorded: both depend on it
        app.env.note_dependency(str(root / cell.file))


def _rel(app, path) -> Path:
    path = Path(path).resolve()
    try:
        return path.relative_to(Path(app.confdir).resolve())
    except ValueError:
        return path


def snippet_locations(traceback: str, cells: list[ExecutedRegion]) -> list[str]:
    """Translate ``Cell In[n], line k`` (n counts executed code cells from 1) to file:line.

    A timed-out cell has no such position; nbclient quotes the cell's source (or its
    first and last five lines) instead, which identifies the region.
    """
    traceback = ANSI.sub("", traceback)
    found = []
    for m in CELL_POS.finditer(traceback):
        n, line = int(m.group(1)), int(m.group(2))
        if 1 <= n <= len(cells):
            path, first, _ = cells[n - 1]
            found.append(f"{path}:{first + line - 1}")
    if not found and "timed out" in traceback:
        for path, first, code in cells:
            lines = code.strip().split("\n")
            if code.strip() in traceback or (len(lines) >= 11 and str(lines[:5]) in traceback):
                found = [f"{path}:{first}"]  # the last match: cells run in order
    return found


def report_failure(app, doctree) -> None:
    docname = app.env.docname
    exec_data = exec_cache.execution_result(app.env, docname)
    if not exec_data or exec_data.get("succeeded", True):
        return
    traceback = ANSI.sub("", exec_data.get("traceback") or "")
    places = snippet_locations(traceback, executed_regions(app.env, docname))
    last = traceback.strip().splitlines()[-1] if traceback.strip() else exec_data.get("error")
    if "timed out" in traceback:
        last = f"the cell timed out after {app.config.nb_execution_timeout} s (nb_execution_timeout)"
    where = places[-1] if places else "an unknown cell (no 'Cell In[n]' in the traceback)"
    # Read the page again on the next build, even if nothing changed: Sphinx re-reads only
    # changed pages, so the page written with the error would be served, and the build
    # would pass. A dependency that does not exist counts as changed on every build.
    app.env.note_dependency(str(Path(app.confdir) / "_build" / "failed-pages" / docname))
    notes = [f"via {p}" for p in reversed(places[:-1])]
    if WARNING_RAISED.match(last or ""):
        notes.append(GATE_HINT)
    logger.error(
        "%s: %s (raised while executing page %s)%s",
        where,
        last,
        docname,
        "".join(f"\n  {note}" for note in notes),
        location=docname,
        type="snippet",
        subtype="execution",
    )


def apply_alt_texts(app, doctree) -> None:
    """Give each output image the ``:alt:`` text of its cell; an image without one is an error."""
    docname = app.env.docname
    pending: dict[str, list[tuple[int, str]]] = {}
    for ref, line, alt in page_cells(app.env, docname):
        pending.setdefault(ref, []).append((line, alt))
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        ref = (cell.get("cell_metadata") or {}).get("snippet", "")
        line, alt = pending[ref].pop(0) if pending.get(ref) else (cell.line or 0, "")
        images = [
            image
            for output in cell.findall(nodes.container)
            if output.get("nb_element") == "cell_code_output"
            for image in output.findall(nodes.image)
        ]
        if images and not alt:
            logger.error(
                "the code cell for %s shows an image but has no ':alt: <text>' option; "
                "describe what the image shows, in the page's language",
                ref or "(no snippet)",
                location=(docname, line),
                type="snippet",
                subtype="alt",
            )
        for image in images:
            image["alt"] = alt


def kernel_environment(app, config) -> None:
    """Kernels started by MyST-NB inherit this process's environment."""
    os.environ["IPYTHONDIR"] = str(Path(app.confdir) / config.snippets_ipython_dir)
    # Pages may import helpers from the snippets package.
    paths = [str(Path(app.confdir))] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


def setup(app):
    app.add_config_value("snippets_dir", "snippets", "env")
    app.add_config_value("snippets_gpu_profile", False, "env")
    app.add_config_value("snippets_ipython_dir", "docs/_ipython", "")
    app.connect("config-inited", kernel_environment)
    app.add_env_collector(SnippetCells)
    app.connect("source-read", expand_page)
    app.connect("doctree-read", report_failure)
    app.connect("doctree-read", apply_alt_texts)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
