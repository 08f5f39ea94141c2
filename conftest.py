"""Collection rules for snippets/ (pytest asks a conftest only about paths below it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import snippet_regions  # noqa: E402


def pytest_ignore_collect(collection_path, config):
    """Doctests: import a snippet module only when it has docstring examples.

    Importing a snippet module runs it; tests/test_snippets_run.py already runs every
    module, so modules without ``>>>`` examples are not imported a second time, and
    [gpu] modules are imported only in the GPU profile.
    """
    path = Path(collection_path)
    if path.suffix != ".py" or ROOT / "snippets" not in path.parents:
        return None
    if ">>>" not in path.read_text(encoding="utf-8"):
        return True
    gpu_profile = os.environ.get("GPU", "0") not in ("", "0")
    return path.name != "__init__.py" and snippet_regions.is_gpu_module(path) and not gpu_profile
