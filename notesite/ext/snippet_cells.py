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
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx.util import logging

from notesite.ext import exec_cache
from notesite.ext import executed
from notesite.ext import page_data
from notesite.core import snippet_regions

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
    page_line: int = 0  # the page line of the cell's fence


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
    failed = []
    # The cells in the text without :alt: lines, and their lines in the page as written.
    written_line = {cell.start: line for cell, line in zip(snippet_regions.find_cells(text),
                                                           (c.line for c, _ in cells))}

    def report(cell, error) -> None:
        # Through Sphinx's logger, located at the cell: "docs/<code>/x.md:32: ERROR: region ...".
        # (An exception raised here would reach the reader as Sphinx's crash report, wrapped
        # in a SphinxParallelError under -j, asking for a bug report to Sphinx.)
        failed.append(cell)
        logger.error(str(error), location=(docname, written_line.get(cell.start, cell.line)),
                     type="snippet", subtype="reference")

    run = []
    source[0], regions = snippet_regions.expand(
        text, root, str(_rel(app, page)), gpu_profile=app.config.snippets_gpu_profile, on_error=report,
        executed_cells=run,
    )
    if failed:  # read again on the next build, even if nothing else changed
        app.env.note_dependency(str(Path(app.confdir) / "_build" / "failed-pages" / docname))
    executed[docname] = [ExecutedRegion(str(_rel(app, r.path)), r.first_line, r.code, written_line[cell.start])
                         for r, cell in zip(regions, run)]
    written[docname] = [PageCell(cell.ref, cell.line, alt) for cell, alt in cells]
    for cell in snippet_regions.find_cells(text):  # executed or recorded: both depend on it
        app.env.note_dependency(str(root / cell.file))


def _rel(app, path) -> Path:
    path = Path(path).resolve()
    try:
        return path.relative_to(Path(app.confdir).resolve())
    except ValueError:
        return path


def failed_cells(traceback: str, cells: list[ExecutedRegion]) -> list[tuple[ExecutedRegion, int]]:
    """The cells a traceback passes through, each with the line of its region it names.

    ``Cell In[n], line k``: n counts executed code cells from 1. A timed-out cell has no such
    position; nbclient quotes the cell's source (or its first and last five lines) instead,
    which identifies the region (its first line is given).
    """
    traceback = ANSI.sub("", traceback)
    found = []
    for m in CELL_POS.finditer(traceback):
        n, line = int(m.group(1)), int(m.group(2))
        if 1 <= n <= len(cells):
            found.append((cells[n - 1], cells[n - 1].first_line + line - 1))
    if not found and "timed out" in traceback:
        for cell in cells:
            lines = cell.code.strip().split("\n")
            if cell.code.strip() in traceback or (len(lines) >= 11 and str(lines[:5]) in traceback):
                found = [(cell, cell.first_line)]  # the last match: cells run in order
    return found


def report_failure(app, doctree) -> None:
    docname = app.env.docname
    exec_data = exec_cache.execution_result(app.env, docname)
    if not exec_data or exec_data.get("succeeded", True):
        return
    traceback = ANSI.sub("", exec_data.get("traceback") or "")
    cells = failed_cells(traceback, executed_regions(app.env, docname))
    places = [f"{cell.path}:{line}" for cell, line in cells]
    # The page line of the cell that was running (the traceback's first cell; the others
    # are cells whose functions it called).
    fence = cells[0][0].page_line if cells else 0
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
        location=(docname, fence) if fence else docname,
        type="snippet",
        subtype="execution",
    )


def apply_alt_texts(app, doctree) -> None:
    """Give each output image the ``:alt:`` text of its cell; an image without one is an error."""
    docname = app.env.docname
    for cell in executed.cells(doctree, page_cells(app.env, docname)):
        if not cell.executed:
            continue  # a [gpu] recording is text
        images = [
            image
            for output in cell.box.findall(nodes.container)
            if output.get("nb_element") == "cell_code_output"
            for image in output.findall(nodes.image)
        ]
        if images and not cell.alt:
            logger.error(
                "the code cell for %s shows an image but has no ':alt: <text>' option; "
                "describe what the image shows, in the page's language",
                cell.ref or "(no snippet)",
                location=(docname, cell.line or 0),
                type="snippet",
                subtype="alt",
            )
        for image in images:
            image["alt"] = cell.alt


# A kernel is asked to stop (shutdown_request) once its page has executed. ipykernel 7's control
# thread sometimes does not exit after its reply (posit-dev/positron#7142; 2 of 20 kernels of a
# build here), and jupyter_client then waits half of KernelManager.shutdown_wait_time, 5 s by
# default, before it sends SIGTERM: 2.5 s lost per such kernel. Every output of the page has
# arrived by then. With 1 s (what JupyterLab's tests set, jupyterlab/jupyterlab_server#91) a
# kernel that stops as asked is not touched; a hung one gets SIGTERM after 0.5 s. A kernel that
# imported torch stops within that only because it skips the cycle collector as it exits
# (docs/_ipython/profile_default/startup/30-quick-exit.py: 0.3 s instead of more than 0.5 s).
KERNEL_SHUTDOWN_WAIT = 1.0

# The environment variables kernel_environment sets for the kernels (a reader's Jupyter has none of
# them: tests/helpers.py's readers_environment takes them away).
KERNEL_VARIABLES = ("IPYTHONDIR", "JUPYTER_PATH", "PYTHONPATH")


def _put_first(variable: str, folder: str) -> None:
    """``folder`` first in the search path the environment variable ``variable`` holds (once)."""
    folders = [folder] + [p for p in os.environ.get(variable, "").split(os.pathsep) if p]
    os.environ[variable] = os.pathsep.join(dict.fromkeys(folders))


def kernel_environment(app, config) -> None:
    """Kernels started by MyST-NB are the site's own (the IPython profile and the kernel specification
    in ``snippets_ipython_dir``), inherit this process's environment, and are stopped after
    ``KERNEL_SHUTDOWN_WAIT`` seconds at most once their page has executed."""
    from jupyter_client.manager import KernelManager

    ipython_dir = str(Path(app.confdir) / config.snippets_ipython_dir)
    os.environ["IPYTHONDIR"] = ipython_dir
    # The kernel specification "python3" that the pages name is found there first:
    # docs/_ipython/kernels/python3, ipykernel's kernel without its debugger (launch.py says why).
    _put_first("JUPYTER_PATH", ipython_dir)
    _put_first("PYTHONPATH", str(Path(app.confdir)))  # pages may import helpers from the snippets package
    # MyST-NB (through jupyter-cache and nbclient) makes its kernel managers with no configuration
    # of ours: the trait's default is the one setting that reaches them.
    KernelManager.shutdown_wait_time.default_value = KERNEL_SHUTDOWN_WAIT


# --- page lines ------------------------------------------------------------------------------------
# expand_page fills each code cell with its region's code before the page is parsed, so the
# parser's line numbers count the filled cells' lines. Each reading process keeps, per page it
# reads, the line of the page as written for each line of the filled text, and the
# extensions that report a line of a page (evidence, gpu_recordings) report there (page_line).
_written: dict[str, str] = {}
_line_maps: dict[str, list[int]] = {}


def keep_written(app, docname: str, source: list[str]) -> None:
    _written[docname] = source[0]


def map_lines(app, docname: str, source: list[str]) -> None:
    written = _written.pop(docname, None)
    _line_maps.pop(docname, None)
    if written is None or written == source[0]:
        return
    before, after = written.splitlines(), source[0].splitlines()
    mapping = list(range(len(after) + 1))
    for tag, i1, _, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        for k in range(j1, j2):  # prose is unchanged ("equal"); a filled cell's code maps to its fence
            mapping[k + 1] = i1 + (k - j1) + 1 if tag == "equal" else min(i1 + 1, len(before))
    _line_maps[docname] = mapping


def page_line(docname: str, lineno: int | None) -> int | None:
    """The line of the page as written for a line the parser reports."""
    mapping = _line_maps.get(docname)
    return mapping[lineno] if mapping and lineno and 0 < lineno < len(mapping) else lineno


def setup(app):
    app.add_config_value("snippets_dir", "snippets", "env")
    app.add_config_value("snippets_gpu_profile", False, "env")
    app.add_config_value("snippets_ipython_dir", "docs/_ipython", "")
    app.connect("config-inited", kernel_environment)
    app.add_env_collector(SnippetCells)
    app.connect("source-read", keep_written, priority=400)  # before the cells are filled (500)
    app.connect("source-read", expand_page)
    app.connect("source-read", map_lines, priority=600)  # after
    app.connect("doctree-read", report_failure)
    app.connect("doctree-read", apply_alt_texts)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
