"""Build a copy of the site, counting the kernels each build starts (used by the tests and make bench)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TREE = ("conf.py", "conftest.py", "docs", "snippets", "tests", "pytest.ini", "Makefile", "requirements.txt")
LANGS = {"zh": "zh_CN", "en": "en"}


@dataclass
class Build:
    returncode: int
    output: str
    kernels: int  # kernels started (one per executed notebook)


def copy_tree(dest: Path, with_cache: bool = False, names=TREE) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        else:
            shutil.copy2(src, dest / name)
    cache = ROOT / "_build" / ".jupyter_cache"
    if with_cache and cache.is_dir():
        shutil.copytree(cache, dest / "_build" / ".jupyter_cache")
    return dest


def build(tree: Path, site: str, *extra: str, timeout: int = 900) -> Build:
    """``sphinx-build`` one language of ``tree`` the way the Makefile does."""
    log = tree / f"kernels-{site}.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "SNIPPET_KERNEL_LOG": str(log), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(tree),
        "-D", f"language={LANGS[site]}", "-d", str(tree / "_build" / "doctrees" / site),
        "-n", "-W", "--keep-going", "-q", "-j", "auto", *extra,  # as the Makefile does
        str(tree / "docs" / site), str(tree / "_build" / "html" / site),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, cwd=tree)
    kernels = len(log.read_text().splitlines()) if log.exists() else 0
    return Build(proc.returncode, proc.stdout + proc.stderr, kernels)


def notebook_pages(tree: Path, site: str) -> list[str]:
    return sorted(
        p.relative_to(tree / "docs" / site).as_posix()
        for p in (tree / "docs" / site).rglob("*.md")
        if "{code-cell}" in p.read_text(encoding="utf-8")
    )
