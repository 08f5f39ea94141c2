"""Sphinx extension: a sound execution cache, created before parallel reading starts.

MyST-NB trusts its jupyter-cache folder: a deleted or truncated notebook file, or
a corrupt database, makes the build crash or serve wrong outputs. Before reading
any page, every cache record is checked (its database row and its executed
notebook, which must be a valid notebook); a bad record is dropped, and a cache
whose database cannot be read is removed. The pages concerned then execute again,
so the output is always that of a real execution. A missing cache is created
before ``-j`` starts its reading processes, which would race to create it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import nbformat
from jupyter_cache.cache.db import NbCacheRecord
from sphinx.util import logging

logger = logging.getLogger(__name__)


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
            nb_path = cache._get_notebook_path_cache(record.hashkey, raise_on_missing=True)
            nbformat.validate(nbformat.read(str(nb_path), as_version=4))
        except Exception as exc:
            # Not cache.remove_cache(): it refuses a record whose notebook file is gone.
            shutil.rmtree(cache._get_notebook_path_cache(record.hashkey).parent, ignore_errors=True)
            NbCacheRecord.remove_records([record.pk], cache.db)
            done.append(f"dropped cache record {record.pk} ({exc.__class__.__name__}); its page executes again")
    return done


def repair(app) -> None:
    if app.config.nb_execution_mode != "cache":
        return
    path = Path(app.config.nb_execution_cache_path)
    for message in check_cache(path):
        logger.info("exec_cache: %s", message)
    # Create the database here, in the main process: with -j, the reading processes
    # would otherwise race to create its tables ("table settings already exists").
    from jupyter_cache import get_cache

    get_cache(str(path)).list_cache_records()


def setup(app):
    app.connect("builder-inited", repair)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
