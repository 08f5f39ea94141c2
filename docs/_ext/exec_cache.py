"""Sphinx extension: a sound execution cache, created before parallel reading starts.

MyST-NB trusts its jupyter-cache folder: a deleted or truncated notebook file, or
a corrupt database, makes the build crash or serve wrong outputs. Before reading
any page, every cache record is checked (its database row and its executed
notebook, which must be a valid notebook); a bad record is dropped, and a cache
whose database cannot be read is removed. The pages concerned then execute again,
so the output is always that of a real execution. A missing cache is created
before ``-j`` starts its reading processes, which would race to create it.

jupyter-cache keys a record on the cells' code alone, so a cached output would
outlive a change to what produced it: a new torch, Python or any installed
package, or a change to the kernel's IPython profile (docs/_ipython). The build
fingerprints that environment; the cache keeps the fingerprint it was filled
under (``environment.txt``) and is emptied when it differs. The fingerprint is
also the config value ``exec_environment`` (rebuild "env"), so each language's
build re-reads its pages after such a change instead of keeping old HTML.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import sqlite3
import sys
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


def environment(root: Path, ipython_dir: str) -> list[str]:
    """What a cached output depends on besides its code, one line per item."""
    lines = [f"python {sys.version.split()[0]}"]
    lines += sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()})
    for f in sorted((root / ipython_dir).rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            lines.append(f"{f.relative_to(root).as_posix()} sha256:{hashlib.sha256(f.read_bytes()).hexdigest()[:16]}")
    return lines


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
    app.add_config_value("exec_environment", "", "env")
    app.connect("config-inited", fingerprint)
    app.connect("builder-inited", repair)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
