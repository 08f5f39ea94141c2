"""Shared test fixtures: paths, running snippet modules, the GPU profile switch."""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
sys.path.insert(0, str(ROOT / "docs" / "_tools"))
sys.path.insert(0, str(ROOT))

GPU_PROFILE = os.environ.get("GPU", "0") not in ("", "0")


def pytest_configure(config):
    if GPU_PROFILE:  # make test GPU=1: stop at once without CUDA, saying why
        from gpu_recordings import require_cuda
        from sphinx.errors import ConfigError

        try:
            require_cuda()
        except ConfigError as exc:
            pytest.exit(str(exc), returncode=3)
    config.addinivalue_line("markers", "gpu: needs CUDA; runs only in the GPU profile (GPU=1)")
    config.addinivalue_line("markers", "build: builds a temporary copy of the site (slow)")
    config.addinivalue_line("markers", "browser: drives headless Chromium against the built site")


def pytest_collection_modifyitems(config, items):
    skip_gpu = pytest.mark.skip(reason="GPU profile only: run `make test GPU=1` on a CUDA machine")
    for item in items:
        if "gpu" in item.keywords and not GPU_PROFILE:
            item.add_marker(skip_gpu)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def run_snippet(relpath: str) -> dict:
    """Run ``snippets/<relpath>`` as a script and return its global namespace."""
    return runpy.run_path(str(ROOT / "snippets" / relpath), run_name="__main__")


def run_by_region(relpath: str):
    """Run a snippet module region by region in one namespace, as a page does.

    Yields ``(region name, namespace, printed output)`` after each region, so that a
    test can look at the state the page shows at that point.
    """
    import contextlib
    import io

    import snippet_regions

    path = ROOT / "snippets" / relpath
    ns: dict = {"__name__": "__main__"}
    for name, region in snippet_regions.parse_regions(path).items():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile("\n" * (region.first_line - 1) + region.code, str(path), "exec"), ns)
        yield name, ns, out.getvalue()


@pytest.fixture(scope="module")
def snippet():
    """Run a snippet module once per test module; returns its namespace."""
    cache: dict[str, dict] = {}

    def get(relpath: str) -> dict:
        if relpath not in cache:
            cache[relpath] = run_snippet(relpath)
        return cache[relpath]

    return get


def section_labels(lang: str) -> set[str]:
    """Every MyST label ``(name)=`` on the pages of one language."""
    import page_alignment

    found: set[str] = set()
    for page in page_alignment.pages(ROOT, lang):
        found.update(page_alignment.labels((ROOT / "docs" / lang / page).read_text(encoding="utf-8")))
    return found


def assert_sections_present(outline_ids: list[str]) -> None:
    """Each OUTLINE id (dots become hyphens) is a section label in both languages."""
    for lang in ("zh", "en"):
        missing = [i for i in outline_ids if i.replace(".", "-") not in section_labels(lang)]
        assert missing == [], f"docs/{lang}: sections missing: {missing}"
