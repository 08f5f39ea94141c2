"""Sphinx extension: a sound execution cache, and the one way into it and into MyST-NB's results.

MyST-NB trusts its jupyter-cache folder: a deleted or truncated notebook file, or
a corrupt database, makes the build crash or serve wrong outputs. Before reading
any page, every cache record is checked (its database row and its executed
notebook, which must be a valid notebook); a bad record is dropped, and a cache
whose database cannot be read is removed. The pages concerned then execute again,
so the output is always that of a real execution. A missing cache is created
before ``-j`` starts its reading processes, which would race to create it.

jupyter-cache keys a record on the code cells alone (their source and metadata, and the
notebook's kernel), so a cached output would outlive a change to what produced it: a new torch, Python or any installed
package, or a change to the kernels' IPython profile or kernel specification (docs/_ipython). The build
fingerprints that environment; the cache keeps the fingerprint it was filled
under (``environment.txt``) and is emptied when it differs. The fingerprint is
also the config value ``exec_environment`` (rebuild "env"), so each language's
build re-reads its pages after such a change instead of keeping old HTML.

The other extensions look up executions only through this module:
``execution_result`` (MyST-NB's record of a page's execution in this build),
``written_notebook`` (where MyST-NB wrote a page's notebook: read by
notesite/ext/executed.py alone, which gives every other extension the page's
executed notebook) and ``with_cached_outputs`` (a notebook with the outputs the
cache holds for its cells). The one use of jupyter-cache internals is ``_drop_record``;
tests/build/test_exec_cache.py pins it against the installed jupyter-cache.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)


# --- lookups -------------------------------------------------------------------------------------


def execution_result(env, docname: str) -> dict | None:
    """MyST-NB's record of the page's execution (``succeeded``, ``traceback``, ...); None without one."""
    from myst_nb.sphinx_ import NbMetadataCollector

    return NbMetadataCollector.get_exec_data(env, docname)


def written_notebook(env, docname: str) -> Path:
    """Where MyST-NB writes the page's notebook as it reads the page (``jupyter_execute/<page>.ipynb``).

    Both language builds share the folder (the last language read wins); in cache
    mode the notebook has outputs only when the page executed in this build. Read by
    notesite/ext/executed.py only: the other extensions ask it for the page's notebook.
    """
    return Path(env.mystnb_config.output_folder) / f"{docname}.ipynb"


def cache_path(env) -> Path:
    return Path(env.mystnb_config.execution_cache_path)


def with_cached_outputs(notebook: nbformat.NotebookNode, cache: Path | str | None) -> nbformat.NotebookNode | None:
    """``notebook`` with the outputs of the cached execution of its cells; None when there is none."""
    if not cache or not Path(cache).is_dir():
        return None
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(str(cache)).merge_match_into_notebook(notebook)
    except KeyError:  # no cached execution of these cells
        return None
    return merged


# --- a sound cache -------------------------------------------------------------------------------


def check_cache(path: Path) -> list[str]:
    """Repair the cache at ``path``; return what was done (empty when it was sound)."""
    path = Path(path)
    if not path.exists():
        return []
    db = path / "global.db"
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
        from jupyter_cache import get_cache

        cache = get_cache(str(path))
        records = cache.list_cache_records()
    except Exception as exc:  # any failure to read the database: start afresh
        shutil.rmtree(path, ignore_errors=True)
        return [f"removed unreadable execution cache {path} ({exc.__class__.__name__}: {exc})"]
    done = []
    for record in records:
        try:
            nbformat.validate(cache.get_cache_bundle(record.pk).nb)
        except Exception as exc:
            _drop_record(cache, record)
            done.append(f"dropped cache record {record.pk} ({exc.__class__.__name__}); its page executes again")
    return done


def _drop_record(cache, record) -> None:
    """Remove a cache record, whether or not its notebook file is still there.

    ``remove_cache`` refuses a record whose notebook file is gone, so that case
    removes the record's folder and database row itself, through jupyter-cache
    internals: the record's folder is the parent of its artifacts folder, and
    ``NbCacheRecord.remove_records`` deletes the row. This is the only place that
    relies on them; tests/build/test_exec_cache.py damages records of a real cache of the
    installed jupyter-cache and checks that they are dropped.
    """
    from jupyter_cache.cache.db import NbCacheRecord

    try:
        cache.remove_cache(record.pk)
    except KeyError:
        with cache.cache_artefacts_temppath(record.pk) as artifacts:
            shutil.rmtree(artifacts.parent, ignore_errors=True)
        NbCacheRecord.remove_records([record.pk], cache.db)


PROJECT = "pytorch-notes-site"  # pyproject.toml's [project] name


def environment(root: Path, ipython_dir: str) -> list[str]:
    """What a cached output depends on besides its code, one line per item."""
    lines = [f"python {sys.version.split()[0]}", *installed()]
    for f in sorted((root / ipython_dir).rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            lines.append(f"{f.relative_to(root).as_posix()} sha256:{hashlib.sha256(f.read_bytes()).hexdigest()[:16]}")
    return lines


def installed() -> list[str]:
    """``name==version`` of every installed distribution but the project's own (pyproject.toml):
    an editable install of the build machinery, whose version never changes; the kernels import
    none of it.

    Reading every distribution's metadata takes a fifth of a second, and a process that builds
    many times (the tests' in-process builds) would pay it on each build; so it
    is read again only when a folder of the import path changed: pip installing, upgrading or
    removing a distribution adds or removes its ``.dist-info`` folder (named with its version),
    which changes the modification time of the folder that holds it (tests/build/test_exec_cache.py
    installs one and sees it). An install that rewrites the metadata inside a folder that stays
    (a legacy ``setup.py develop`` egg-info) is seen by the next process, not by this one."""
    return list(_installed(tuple((entry, _modified(entry)) for entry in sys.path)))


def _modified(entry: str) -> int | None:
    try:
        return os.stat(entry or ".").st_mtime_ns
    except OSError:
        return None


@functools.lru_cache(maxsize=4)
def _installed(path_state: tuple) -> tuple[str, ...]:
    return tuple(sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
                         if d.metadata["Name"] != PROJECT}))


def fingerprint(app, config) -> None:
    lines = environment(Path(app.confdir), config.snippets_ipython_dir)
    app.exec_environment_lines = lines
    config.exec_environment = hashlib.sha256("\n".join(lines).encode()).hexdigest()


def check_environment(path: Path, lines: list[str]) -> list[str]:
    """Empty the cache at ``path`` if it was filled under another environment."""
    stamp = path / "environment.txt"
    if not (path / "global.db").exists():
        return []
    old = stamp.read_text(encoding="utf-8").splitlines() if stamp.exists() else []
    if old == lines:
        return []
    changes = [f"-{x}" for x in old if x not in lines] + [f"+{x}" for x in lines if x not in old]
    shutil.rmtree(path, ignore_errors=True)
    shown = ", ".join(changes[:4]) + (f", ... ({len(changes)} changes)" if len(changes) > 4 else "")
    return [f"emptied the execution cache {path}: the kernel environment changed ({shown}); every page executes again"]


def repair(app) -> None:
    if app.config.nb_execution_mode != "cache":
        return
    path = Path(app.config.nb_execution_cache_path)
    for message in check_environment(path, app.exec_environment_lines) + check_cache(path):
        logger.info("exec_cache: %s", message)
    # Create the database here, in the main process: with -j, the reading processes
    # would otherwise race to create its tables ("table settings already exists").
    from jupyter_cache import get_cache

    get_cache(str(path)).list_cache_records()
    (path / "environment.txt").write_text("\n".join(app.exec_environment_lines) + "\n", encoding="utf-8")


def setup(app):
    # snippet_cells registers snippets_ipython_dir, which fingerprint() reads: loaded here, so
    # that this holds whatever the order of conf.py's extension list.
    app.setup_extension("notesite.ext.snippet_cells")
    app.add_config_value("exec_environment", "", "env")
    app.connect("config-inited", fingerprint)
    app.connect("builder-inited", repair)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
