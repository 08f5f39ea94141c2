"""Two builds of the same sources give the same pages, clean or incremental, in any folder.

* MyST-NB copies its stylesheet (``_static/mystnb.<hash>.css``) only when the build
  has finished, and Sphinx adds a checksum (``?v=…``) to a stylesheet link only when
  the file is already in the output folder as the page is written: pages written by
  a clean build linked the file without it, pages rewritten later with it. The
  stylesheet is copied here as the builder starts, so every page links it the same way.
* MyST-NB gives each cell of a page's notebook a random id (nbformat's
  ``random_cell_id``) when it reads the page, so the notebooks it writes
  (``jupyter_execute/<page>.ipynb``, and the page's download, made from it by
  snippet_downloads) changed with every build. The ids are numbered here instead,
  as soon as the page is read.
* No output may carry a path of the machine that built it: the source folder, the
  Python environment or the interpreter's installation, an installed package's
  folder, the temporary folder, or the folder where torch itself was built (torch's
  C++ warnings end with it). Such a page would change with the folder it was built
  in. An output (executed, or a [gpu] recording) that shows one fails the build,
  naming the page, the cell and the offending line.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import sysconfig
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from notesite.ext import exec_cache
from notesite.ext import snippet_cells

logger = logging.getLogger(__name__)


def copy_mystnb_css(app) -> None:
    if app.builder.format != "html":
        return
    from myst_nb import sphinx_ext

    (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    sphinx_ext.add_global_html_resources(app, None)  # the copy MyST-NB makes at build-finished


def number_cell_ids(app, doctree) -> None:
    """Give the cells of the notebook MyST-NB just wrote for this page fixed ids: cell-1, cell-2, ..."""
    path = exec_cache.executed_notebook(app.env, app.env.docname)
    if not path.is_file():
        return
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    ids = [f"cell-{n}" for n in range(1, len(notebook.cells) + 1)]
    if [cell.get("id") for cell in notebook.cells] != ids:
        for cell, cell_id in zip(notebook.cells, ids):
            cell["id"] = cell_id
        path.write_text(nbformat.writes(notebook), encoding="utf-8")


@functools.cache  # one set of patterns per build, not one per page
def machine_paths(confdir) -> list[tuple[str, re.Pattern]]:
    """(what it is, pattern) for each kind of path of the build machine, most specific first."""

    def folders(*paths):
        found = {str(Path(p)) for p in paths if p} | {os.path.realpath(p) for p in paths if p}
        return "|".join(re.escape(f) for f in sorted(found, key=len, reverse=True) if f not in ("", "/"))

    # The environment first: here it may sit inside the source folder (.venv).
    return [
        ("the Python environment", re.compile(folders(sys.prefix, sys.exec_prefix, sys.base_prefix,
                                                      sysconfig.get_paths()["stdlib"]))),
        ("an installed package's folder", re.compile(r"[/\\](site|dist)-packages[/\\]")),
        ("the source folder", re.compile(folders(os.path.abspath(confdir)))),
        ("the temporary folder", re.compile(re.escape(os.path.join(tempfile.gettempdir(), "")))),
        ("the folder where torch was built", re.compile(r"\(Triggered internally at [^)]*\)")),
    ]


def check_output_paths(app, doctree) -> None:
    """Fail on a cell output that shows a path of this machine (see the module's docstring)."""
    exec_data = exec_cache.execution_result(app.env, app.env.docname)
    if exec_data and not exec_data.get("succeeded", True):
        return  # snippet_cells reports the failure; its traceback's paths are no second error
    patterns = machine_paths(app.confdir)
    # The cells as written on the page: (snippet reference, page line), in page order.
    written = [(cell.ref, cell.line) for cell in snippet_cells.page_cells(app.env, app.env.docname)]
    cells = [c for c in doctree.findall(nodes.container)
             if c.get("nb_element") == "cell_code" or "gpu-cell" in c.get("classes", [])]
    executed = {(c.get("cell_metadata") or {}).get("snippet") for c in cells if c.get("nb_element") == "cell_code"}
    recorded = [(ref, line) for ref, line in written if ref not in executed]  # [gpu] cells, in page order
    for cell in cells:
        if cell.get("nb_element") == "cell_code":
            ref = (cell.get("cell_metadata") or {}).get("snippet", "(no snippet)")
            line = next((n for r, n in written if r == ref), cell.line)
            what = f"the output of {ref}"
            outputs = [o for o in cell.findall(nodes.container) if o.get("nb_element") == "cell_code_output"]
        else:
            ref, line = recorded.pop(0) if recorded else ("a [gpu] cell", cell.line)
            what = f"the recorded output of {ref} (docs/_gpu/recordings)"
            outputs = [o for o in cell.findall(nodes.container) if "cell_output" in o["classes"]]
        written = [(r, n) for r, n in written if (r, n) != (ref, line)]
        for output in outputs:
            for text in output.astext().splitlines():
                found = next((kind for kind, pattern in patterns if pattern.search(text)), None)
                if found:
                    logger.error(
                        "%s shows a path of the build machine (%s): %r; a published page must not depend "
                        "on where it was built: print a name or a path relative to a known folder",
                        what, found, text.strip()[:300],
                        location=(app.env.docname, line), type="reproducible", subtype="path",
                    )
                    break


def setup(app):
    app.setup_extension("myst_nb")
    app.setup_extension("notesite.ext.snippet_cells")  # the cells as written on each page
    app.connect("builder-inited", copy_mystnb_css)
    # Before snippet_downloads reads the notebook (default priority 500).
    app.connect("doctree-read", number_cell_ids, priority=400)
    app.connect("doctree-read", check_output_paths)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
