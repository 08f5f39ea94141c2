"""Two builds of the same sources give the same pages, clean or incremental, in any folder.

* MyST-NB copies its stylesheet (``_static/mystnb.<hash>.css``) only when the build
  has finished, and Sphinx adds a checksum (``?v=…``) to a stylesheet link only when
  the file is already in the output folder as the page is written: pages written by
  a clean build linked the file without it, pages rewritten later with it. The
  stylesheet is copied here as the builder starts, so every page links it the same way.
* MyST-NB gives each cell of a page's notebook a random id (nbformat's
  ``random_cell_id``) when it reads the page, so the notebooks it writes
  (``jupyter_execute/<page>.ipynb``, and the page's download, made from it by
  snippet_downloads) changed with every build. notesite/ext/executed.py (loaded
  here) numbers them instead, in the one reading of the notebook that every other
  extension gets.
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
from notesite.ext import executed
from notesite.ext import snippet_cells

logger = logging.getLogger(__name__)


def copy_mystnb_css(app) -> None:
    if app.builder.format != "html":
        return
    from myst_nb import sphinx_ext

    (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    sphinx_ext.add_global_html_resources(app, None)  # the copy MyST-NB makes at build-finished


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
    for cell in executed.cells(doctree, snippet_cells.page_cells(app.env, app.env.docname)):
        if cell.executed:
            what = f"the output of {cell.ref or '(no snippet)'}"
            outputs = [o for o in cell.box.findall(nodes.container) if o.get("nb_element") == "cell_code_output"]
        else:
            what = f"the recorded output of {cell.ref or 'a [gpu] cell'} (docs/_gpu/recordings)"
            outputs = [o for o in cell.box.findall(nodes.container) if "cell_output" in o["classes"]]
        for output in outputs:
            for text in output.astext().splitlines():
                found = next((kind for kind, pattern in patterns if pattern.search(text)), None)
                if found:
                    logger.error(
                        "%s shows a path of the build machine (%s): %r; a published page must not depend "
                        "on where it was built: print a name or a path relative to a known folder",
                        what, found, text.strip()[:300],
                        location=(app.env.docname, cell.line), type="reproducible", subtype="path",
                    )
                    break


def setup(app):
    app.setup_extension("myst_nb")
    app.setup_extension("notesite.ext.snippet_cells")  # the cells as written on each page
    app.setup_extension("notesite.ext.executed")  # the notebooks' numbered cell ids
    app.connect("builder-inited", copy_mystnb_css)
    app.connect("doctree-read", check_output_paths)
    return {"version": "3", "parallel_read_safe": True, "parallel_write_safe": True}
