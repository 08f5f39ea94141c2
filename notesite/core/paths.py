"""Where things are: the repository, the build folders, the root pages, the GPU switch.

The base layer (``notesite.core``) with ``languages`` and ``snippet_regions``: the
Sphinx extensions (``notesite.ext``) and the tools (``notesite.tools``) both read
it, and it imports neither.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository (notesite/core/paths.py)
# What a build needs of the tree (what the tests and make bench copy).
TREE = ("conf.py", "conftest.py", "docs", "notesite", "snippets", "tests", "pytest.ini", "pyproject.toml", "Makefile",
        "requirements.txt")
# docs/_root: the language chooser and the 404 page, Jinja templates rendered for the languages.
ROOT_PAGES = ("index.html", "404.html")
SPHINX_PAGES = ("genindex.html", "search.html")  # written by Sphinx in each language
ROOT_DOC = "index"  # each language's home page, the root of its navigation
# make pdf (docs/_tools/pdf.py): one PDF per language in _build/pdf, published in the
# site's pdf/ folder (next to the landing page), which the pages link.
PDF_FOLDER = "pdf"
# Debian's Chromium prints the PDFs and runs the browser tests (Playwright's own download does
# not work offline), with the flags a sandboxed machine without network needs: no sandbox (it
# runs as root in a container), no GPU, and none of Chromium's own calls home. Its headless
# build (package chromium-headless-shell, the same release as chromium; what Playwright runs
# for headless Chromium by default): the fast tier's browser tests took 33 s with it against
# 52 s with the full browser started headless (same tests, same hour, two runs each).
# On a machine whose distribution does not package the headless build, the full
# Chromium, started headless, serves as before.
CHROMIUM_BUILDS = ("chromium-headless-shell", "chromium")


def find_chromium(which=shutil.which) -> str:
    """The first of CHROMIUM_BUILDS on the PATH (the headless build's usual path when none is)."""
    return next(filter(None, map(which, CHROMIUM_BUILDS)), "/usr/bin/chromium-headless-shell")


CHROMIUM = find_chromium()
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def gpu_profile(env=None) -> bool:
    """``GPU=1`` (any value but empty or 0) selects the GPU profile."""
    return (os.environ if env is None else env).get("GPU", "0") not in ("", "0")


def build_dir(tree: Path = ROOT) -> Path:
    return Path(tree) / "_build"


def cache_dir(tree: Path = ROOT, gpu: bool | None = None) -> Path:
    """The execution cache; the GPU profile keeps its own (device-agnostic cells print other things)."""
    gpu = gpu_profile() if gpu is None else gpu
    return build_dir(tree) / (".jupyter_cache-gpu" if gpu else ".jupyter_cache")


def doctrees_dir(tree: Path, site: str, gpu: bool | None = None) -> Path:
    gpu = gpu_profile() if gpu is None else gpu
    return build_dir(tree) / ("doctrees-gpu" if gpu else "doctrees") / site


def html_dir(tree: Path = ROOT, site: str | None = None) -> Path:
    out = build_dir(tree) / "html"
    return out / site if site else out


def pdf_dir(tree: Path = ROOT) -> Path:
    return build_dir(tree) / "pdf"


def pdf_name(site: str) -> str:
    return f"pytorch-notes-{site}.pdf"




# The kernels' IPython folder: their configuration, startup files and the warning gate.
IPYTHON_DIR = Path("docs") / "_ipython"


@functools.cache
def warning_gate():
    """``docs/_ipython/warning_gate.py`` as a module: the deprecation list the kernels apply
    (their startup file loads it the same way) and the tests apply to snippet code they run."""
    spec = importlib.util.spec_from_file_location("warning_gate", ROOT / IPYTHON_DIR / "warning_gate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
