"""notesite/ext/executed.py: a page's executed notebook, read once and made reproducible, without a build."""

from __future__ import annotations

import ast
from types import SimpleNamespace

import nbformat

from notesite.ext import executed
from tests.helpers import ROOT


def _notebook(outputs: bool):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    cell = nbformat.v4.new_code_cell("1 + 1", metadata={"snippet": "demo/first.py:one"})
    if outputs:
        cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
        cell.execution_count = 1
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), cell]
    return nb


def _cache(tmp_path):
    """A cache holding an execution of ``_notebook``'s cells."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    folder = tmp_path / "cache"
    get_cache(folder).cache_notebook_bundle(CacheBundleIn(_notebook(outputs=True), "page.ipynb"), check_validity=False)
    return folder


def test_notebook_outputs_come_from_the_execution_cache(tmp_path):
    path = tmp_path / "page.ipynb"
    nbformat.write(_notebook(outputs=True), path)
    # No cache: the outputs MyST-NB happened to write are dropped (every language alike).
    bare = executed.read_notebook(path, None)
    assert not bare.cached
    cell = nbformat.reads(bare.text, as_version=4).cells[1]
    assert cell.outputs == [] and cell.execution_count is None
    # A cache holding an execution of the same cells: its outputs are merged in.
    cache = _cache(tmp_path)
    nbformat.write(_notebook(outputs=False), path)
    merged = executed.read_notebook(path, cache)
    assert merged.cached and nbformat.reads(merged.text, as_version=4).cells[1].outputs[0]["data"]["text/plain"] == "2"
    # Different cells: no match, no outputs, no error.
    other = _notebook(outputs=False)
    other.cells[1].source = "2 + 2"
    nbformat.write(other, path)
    unmatched = executed.read_notebook(path, cache)
    assert not unmatched.cached and nbformat.reads(unmatched.text, as_version=4).cells[1].outputs == []


def test_the_first_reader_gets_the_notebook_made_reproducible_and_it_is_read_once(tmp_path):
    """Whichever extension asks first while the page is read (no event priority decides it)."""
    folder = tmp_path / "jupyter_execute"
    folder.mkdir()
    written = folder / "page.ipynb"
    nbformat.write(_notebook(outputs=False), written)  # as MyST-NB writes it: random cell ids
    assert [c.id for c in nbformat.read(written, as_version=4).cells] != ["cell-1", "cell-2"]
    env = SimpleNamespace(docname="page", mystnb_config=SimpleNamespace(
        output_folder=str(folder), execution_cache_path=str(_cache(tmp_path))))

    first = executed.notebook(env, "page")
    assert [c.id for c in first.cells] == ["cell-1", "cell-2"]
    assert first.cells[1].outputs[0]["data"]["text/plain"] == "2" and executed.outputs_cached(env, "page")
    assert executed.notebook_cells(first) == [("demo/first.py:one", first.cells[1])]
    # MyST-NB's file has the numbered ids too (jupyter_execute/ is published), and its own outputs.
    on_disk = nbformat.read(written, as_version=4)
    assert [c.id for c in on_disk.cells] == ["cell-1", "cell-2"] and on_disk.cells[1].outputs == []
    # Read once: later readers (a later handler, html-page-context, build-finished) get the same
    # notebook, each its own copy, even when the file has gone or is another language's.
    expected = nbformat.writes(first)
    first.cells.clear()
    written.unlink()
    env.docname = ""  # the write phase
    assert nbformat.writes(executed.notebook(env, "page")) == expected
    # A page that was never read here: nothing, and no file is read for it.
    nbformat.write(_notebook(outputs=False), folder / "other.ipynb")
    assert executed.notebook(env, "other") is None and "other" not in env.executed_notebooks


def _calls(path) -> list[str]:
    """The dotted names of the functions that ``path`` calls."""
    def name(node):
        if isinstance(node, ast.Attribute):
            inner = name(node.value)
            return f"{inner}.{node.attr}" if inner else None
        return node.id if isinstance(node, ast.Name) else None

    return [name(n.func) for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)]


def test_only_executed_reads_the_notebooks_myst_nb_writes():
    """The other extensions get a page's notebook from executed.py: no second reading of the
    file, which could see it before its cell ids are numbered or without the cache's outputs."""
    readers = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "notesite").rglob("*.py")
                     if {"nbformat.read", "exec_cache.written_notebook", "written_notebook"} & set(_calls(path)))
    assert readers == ["notesite/ext/executed.py"]
