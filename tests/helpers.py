"""Helpers shared by the tests: paths, running snippet modules once per session, labels.

Fixtures live in the conftest of the folder that uses them (tests/conftest.py for those
shared by several folders); this module holds plain functions and classes, importable from
any test (``from tests.helpers import ROOT``).
"""

from __future__ import annotations

import functools

import contextlib
import io
import os
import runpy
from pathlib import Path
from unittest import mock

from notesite.core import htmlpages
from notesite.core import languages
from notesite.ext import page_alignment
from notesite.core import paths
from notesite.core import snippet_regions
from notesite.ext import snippet_cells

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"

# The warning gate that the build's kernels install (docs/_ipython/warning_gate.py):
# snippet code run by the tests raises on the same deprecation warnings.
warning_gate = paths.warning_gate()
LANGS = languages.CODES  # notesite/core/languages.py: the site's languages, in build order
GPU_PROFILE = paths.gpu_profile()

# Snippet modules whose tests belong to the full tier: they start processes (DataLoader
# workers, a DDP launch) or build VGG16 and an image data set; together about 40 s of
# the fast tier's budget. The build executes them on every `make html` all the same.
HEAVY_MODULES = frozenset({
    "data/workers.py",        # DataLoader worker processes, spawn start method
    "data/traffic_lights.py",  # writes and reads an image data set, matplotlib figures
    "gpu/ddp/launch.py",      # launches two DDP processes
    "models/vgg16.py",        # builds VGG16 (138 M parameters) and saves it
})


def torch_state() -> dict:
    """The torch settings a snippet module must leave as it found them."""
    import torch

    return {
        "default_dtype": torch.get_default_dtype(),
        "deterministic": torch.are_deterministic_algorithms_enabled(),
        "grad_enabled": torch.is_grad_enabled(),
        "num_threads": torch.get_num_threads(),
    }


def run_snippet(relpath: str, snippets: Path = SNIPPETS) -> dict:
    """Run ``snippets/<relpath>`` as ``__main__`` and return its global namespace.

    Under the warning gate, as in the build: a deprecation warning is raised as an error.
    """
    with contextlib.redirect_stdout(io.StringIO()), warning_gate.gate():
        return runpy.run_path(str(Path(snippets) / relpath), run_name="__main__")


class SnippetRuns:
    """Each snippet module runs once per test session, in process; its namespace is shared.

    The torch settings before and after that one run are kept, so that the test of
    "leaves torch's global state as it found it" needs no second run.
    """

    def __init__(self) -> None:
        self.namespaces: dict[str, dict] = {}
        self.state_changes: dict[str, tuple[dict, dict]] = {}

    def __call__(self, relpath: str) -> dict:
        if relpath not in self.namespaces:
            before = torch_state()
            self.namespaces[relpath] = run_snippet(relpath)
            self.state_changes[relpath] = (before, torch_state())
        return self.namespaces[relpath]


def run_by_region(relpath: str, snippets: Path = SNIPPETS):
    """Run a snippet module region by region in one namespace, as a page does.

    Yields ``(region name, namespace, printed output)`` after each region, so that a
    test can look at the state the page shows at that point. Each region runs under
    the warning gate, as a cell does in the build.
    """
    path = Path(snippets) / relpath
    ns: dict = {"__name__": "__main__"}
    for name, region in snippet_regions.parse_regions(path).items():
        out = io.StringIO()
        with contextlib.redirect_stdout(out), warning_gate.gate():
            exec(compile("\n" * (region.first_line - 1) + region.code, str(path), "exec"), ns)
        yield name, ns, out.getvalue()


@functools.cache
def exercises_run(relpath: str) -> tuple[dict, dict[str, str], dict[str, dict]]:
    """An exercises module run once, region by region as its page runs it: the final namespace
    (no exercise reuses another's names), each region's printed output, and the names bound
    after each region (a setup's objects, before its solution replaces them)."""
    outputs, states = {}, {}
    for name, ns, out in run_by_region(relpath):
        outputs[name], states[name] = out, dict(ns)
    return ns, outputs, states


def snippet_modules() -> list[str]:
    """Every snippet module, as a path under snippets/."""
    return [p.relative_to(ROOT / "snippets").as_posix() for p in page_alignment.snippet_modules(ROOT)]


def is_gpu_module(relpath: str) -> bool:
    return snippet_regions.is_gpu_module(ROOT / "snippets" / relpath)


def section_labels(lang: str) -> set[str]:
    """Every MyST label ``(name)=`` on the pages of one language."""
    found: set[str] = set()
    for page in page_alignment.pages(ROOT, lang):
        found.update(page_alignment.labels((ROOT / "docs" / lang / page).read_text(encoding="utf-8")))
    return found


def assert_sections_present(outline_ids: list[str]) -> None:
    """Each OUTLINE id (dots become hyphens) is a section label in both languages."""
    for lang in LANGS:
        missing = [i for i in outline_ids if i.replace(".", "-") not in section_labels(lang)]
        assert missing == [], f"docs/{lang}: sections missing: {missing}"


@contextlib.contextmanager
def readers_environment():
    """Inside: this process's environment without the variables a build sets for its kernels
    (notesite/ext/snippet_cells.py's KERNEL_VARIABLES), so a kernel started there is the one a
    reader's Jupyter starts; the whole environment as it was afterwards."""
    with mock.patch.dict(os.environ):
        for variable in snippet_cells.KERNEL_VARIABLES:
            os.environ.pop(variable, None)
        yield


def article_text(page_html: str) -> str:
    """The visible text of a built page's article, code and math included (``htmlpages.article_text``)."""
    return htmlpages.article_text(htmlpages.parse(page_html))
