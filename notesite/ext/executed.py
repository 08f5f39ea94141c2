"""Sphinx extension: a page's executed notebook, read once, and its cells matched to the page's.

* The notebook (``notebook``). MyST-NB writes the notebook of a page as it reads the page
  (``jupyter_execute/<page>.ipynb``: a folder both language builds share, so the last
  language read wins), gives each cell a random id (nbformat's ``random_cell_id``), and
  leaves the outputs in it only when the page executed in this build, not when its
  execution came from the cache (the second language, an unchanged page). Once per page,
  as soon as the page has been read, that file is read here, and only here:

  - its cells get numbered ids (``cell-1``, ``cell-2``, ...), written back to the file, so
    that ``jupyter_execute/`` and every notebook made from it are the same in every build;
  - its outputs are replaced by those of its cached execution, so every language has the
    outputs the page shows (none without a cached execution: a failed one, execution off);
  - the result is kept in the build environment.

  Whichever extension asks first while the page is read (``doctree-read``), and the ones
  that ask later (``html-page-context``, ``build-finished``), get that notebook, a fresh
  copy each time: no reader depends on the order of the event handlers to see it made
  reproducible. snippet_downloads (the page's ``.ipynb``), practice_notebooks and
  gpu_recordings read it.
* The cells (``cells``). Each snippet cell written on the page (snippet_cells'
  ``page_cells``) paired with the doctree container that shows it: an executed cell is
  MyST-NB's code cell whose metadata names its region (the region's cells in page
  order), a ``[gpu]`` cell of the CPU profile is gpu_recordings' box (``gpu-cell``), the
  page's cells that no executed cell names, in page order. reproducible (outputs without
  a machine path), evidence (cell ids) and snippet_cells (``:alt:`` texts) match cells
  through it; a notebook's own cells name their regions the same way (``notebook_cells``).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import nbformat
from docutils import nodes

from notesite.ext import exec_cache
from notesite.ext import page_data

FIELD = "executed_notebooks"
GPU_CELL = "gpu-cell"  # the class of gpu_recordings' box: a [gpu] cell shown from its recording


# --- the notebook --------------------------------------------------------------------------------


class Executed(NamedTuple):
    text: str  # the notebook (nbformat JSON): numbered cell ids, the outputs of its cached execution
    cached: bool  # whether the outputs came from a cached execution (False: the notebook has none)


def number_cells(notebook: nbformat.NotebookNode) -> bool:
    """Give the notebook's cells the ids cell-1, cell-2, ... in order; whether any id changed."""
    ids = [f"cell-{n}" for n in range(1, len(notebook.cells) + 1)]
    if [cell.get("id") for cell in notebook.cells] == ids:
        return False
    for cell, cell_id in zip(notebook.cells, ids):
        cell["id"] = cell_id
    return True


def read_notebook(path: Path, cache: Path | str | None) -> Executed | None:
    """The notebook MyST-NB wrote at ``path``, made reproducible, with the outputs ``cache`` holds.

    The file itself gets the numbered ids (its own outputs stay); the notebook returned has
    the outputs of the cached execution of its cells, or none. None without a file.
    """
    path = Path(path)
    if not path.is_file():
        return None
    notebook = nbformat.read(path, as_version=4)
    if number_cells(notebook):
        path.write_text(nbformat.writes(notebook), encoding="utf-8")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    merged = exec_cache.with_cached_outputs(notebook, cache)
    return Executed(nbformat.writes(merged if merged is not None else notebook), merged is not None)


def _executed(env, docname: str) -> Executed | None:
    """The page's entry, made from MyST-NB's file the first time it is asked for while the page is read."""
    store = page_data.of(env, FIELD)
    if docname not in store and docname == env.docname:
        store[docname] = read_notebook(exec_cache.written_notebook(env, docname), exec_cache.cache_path(env))
    return store.get(docname)


def notebook(env, docname: str) -> nbformat.NotebookNode | None:
    """The page's executed notebook (see the module's docstring), a copy; None when MyST-NB wrote none."""
    executed = _executed(env, docname)
    return None if executed is None else nbformat.reads(executed.text, as_version=4)


def outputs_cached(env, docname: str) -> bool:
    """Whether the page's notebook has the outputs of a cached execution (False: it has none)."""
    executed = _executed(env, docname)
    return bool(executed and executed.cached)


class ExecutedNotebooks(page_data.PageData):
    """Per page: its executed notebook (``Executed``), None when MyST-NB wrote none."""

    FIELDS = (FIELD,)

    def process_doc(self, app, doctree) -> None:
        _executed(app.env, app.env.docname)  # every page's file numbered, whether or not another asks


# --- the cells -----------------------------------------------------------------------------------


def ref_of(cell) -> str | None:
    """The snippet reference a notebook cell's metadata (or MyST-NB's container of it) names."""
    if isinstance(cell, nodes.Element):
        return (cell.get("cell_metadata") or {}).get("snippet")
    return (cell.get("metadata") or {}).get("snippet")


def notebook_cells(notebook: nbformat.NotebookNode) -> list[tuple[str, nbformat.NotebookNode]]:
    """(reference, cell) for each code cell of the notebook that names a region, in order."""
    return [(ref, cell) for cell in notebook.cells if cell.cell_type == "code" and (ref := ref_of(cell))]


class Shown(NamedTuple):
    ref: str | None  # the snippet reference (None: a container that no page cell accounts for)
    line: int | None  # the page line of the cell's fence (else the container's line)
    alt: str  # its ``:alt:`` text, '' without one
    executed: bool  # False: a [gpu] cell shown from its recording
    box: nodes.Element  # the container that shows it


def cells(doctree: nodes.Node, written) -> list[Shown]:
    """The doctree's cell containers in order, each with the page cell it shows.

    ``written``: the page's snippet cells as written (``snippet_cells.page_cells``: ``ref``,
    ``line``, ``alt``), in page order. An executed cell takes the first page cell not taken
    that names its region; a ``[gpu]`` box the next of the page cells that no executed cell names.
    """
    boxes = [box for box in doctree.findall(nodes.container)
             if box.get("nb_element") == "cell_code" or GPU_CELL in box.get("classes", [])]
    executed_refs = {ref_of(box) for box in boxes if box.get("nb_element") == "cell_code"}
    left = list(written)
    recorded = [cell for cell in written if cell.ref not in executed_refs]
    shown = []
    for box in boxes:
        executed = box.get("nb_element") == "cell_code"
        if executed:
            ref = ref_of(box)
            cell = next((c for c in left if c.ref == ref), None)
        else:
            ref, cell = None, recorded.pop(0) if recorded else None
        if cell is None:
            shown.append(Shown(ref, box.line, "", executed, box))
        else:
            left.remove(cell)
            shown.append(Shown(cell.ref, cell.line, cell.alt, executed, box))
    return shown


def setup(app):
    app.setup_extension("myst_nb")  # the notebooks it writes
    app.setup_extension("notesite.ext.exec_cache")  # where they are, and the cache's outputs
    app.add_env_collector(ExecutedNotebooks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
