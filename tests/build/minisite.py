"""A small site for the build-behaviour and fault-injection tests, in each of the site's
languages (notesite/core/languages.py; its prose per language is in tests/data/minisite/): a
home page and one page of code cells from two snippet modules, one of them in the folded
solution of an exercise, with a [gpu] cell and its recording.

It is built with the real conf.py, notesite/ext, notesite/tools, templates, static files,
locale and kernel profile (copied), but its own pages and snippet modules, which
import no torch: a build takes seconds, not minutes. It lives at one fixed path under
the test session's temporary folder for the whole session, so Sphinx keeps its saved
environment and every rebuild is incremental, as a contributor's is.

Tests change it only through :meth:`MiniSite.edit` (and the other helpers below),
which put every file back afterwards; the next test that asks for the site rebuilds it
first if anything changed, so each test starts from a built, unedited mini-site.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from notesite.core import paths

from notesite.tools import sitebuild
from tests.helpers import LANGS, ROOT

# What the mini-site copies from the repository: everything a build reads except pages and snippets.
COPIED = ("conf.py", "notesite", "docs/_templates", "docs/_static", "docs/_locale",
          "docs/_ipython", "docs/_root", "docs/_data/notes.txt")

FRONT_MATTER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""

COUNTING = '''"""Counting, for the mini-site of the tests (imports no torch)."""
# %% numbers
numbers = list(range(5))
print(numbers)
# %% total
total = sum(numbers)
print("total", total)
'''

SPELLING = '''"""Numbers as words, for the mini-site of the tests (imports no torch)."""
# %% spelled
words = ["zero", "one", "two", "three", "four"]
print(" ".join(words))
'''

ON_GPU = '''"""A CUDA-only module for the mini-site (never executed in the CPU profile)."""
# %% double [gpu]
import torch

torch.ones(2, device="cuda") * 2
'''

# The prose of the mini-site's pages, one file per language (keyed by its page folder's code):
# the titles of the home page, the page and its sections, and the page's opening line.
PROSE_DIR = Path(__file__).resolve().parents[1] / "data" / "minisite"
PROSE_KEYS = ("index", "counting", "intro", "numbers", "total", "double")


def prose(lang: str) -> dict[str, str]:
    """The mini-site's prose in ``lang`` (tests/data/minisite/<code>.json), all of PROSE_KEYS."""
    path = PROSE_DIR / f"{lang}.json"
    rel = path.relative_to(ROOT)
    if not path.exists():
        raise LookupError(f"the mini-site has no prose in language {lang!r}: add {rel} with the keys "
                          f"{', '.join(PROSE_KEYS)} (tests/build/minisite.py)")
    text = json.loads(path.read_text(encoding="utf-8"))
    missing = [key for key in PROSE_KEYS if key not in text]
    if missing:
        raise LookupError(f"{rel} (the mini-site's prose in language {lang!r}) lacks {', '.join(missing)}")
    return text


RECORDING_REF = "mini/on_gpu.py:double"
RECORDED_OUTPUT = "tensor([2., 2.], device='cuda:0')\n"
PROVENANCE = {"gpu": "Test GPU", "gpu_count": 1, "driver": "1.0", "cuda": "13.0", "torch": "2.14.1",
              "date": "2026-01-01"}


def pages(lang: str) -> dict[str, str]:
    t = prose(lang)
    return {
        "index.md": f"(mini-index)=\n# {t['index']}\n\n```{{toctree}}\ncounting\n```\n",
        "counting.md": (
            f"{FRONT_MATTER}\n(counting)=\n# {t['counting']}\n\n{t['intro']}\n\n"
            f"(counting-numbers)=\n## {t['numbers']}\n\n```{{code-cell}} ipython3\n:snippet: mini/counting.py:numbers\n```\n\n"
            f"```{{code-cell}} ipython3\n:snippet: mini/spelling.py:spelled\n```\n\n"
            # The total is the solution of an exercise (notesite/ext/exercises.py): its cell executes like any other.
            f"(counting-total)=\n## {t['total']}\n\n:::{{exercise}}\n:label: counting-ex-total\n:::\n\n"
            f":::{{solution-start}} counting-ex-total\n:label: counting-sol-total\n:class: dropdown\n:::\n\n"
            f"```{{code-cell}} ipython3\n:snippet: mini/counting.py:total\n```\n\n:::{{solution-end}}\n:::\n\n"
            f"(counting-double)=\n## {t['double']}\n\n```{{code-cell}} ipython3\n:snippet: {RECORDING_REF}\n```\n"
        ),
    }


def write_recording(tree: Path, code: str) -> Path:
    """A recording of the [gpu] region as a GPU build writes it (test data, mini-site only)."""
    import yaml

    from notesite.ext import gpu_recordings

    path = gpu_recordings.recording_path(tree, RECORDING_REF)
    path.parent.mkdir(parents=True, exist_ok=True)
    region_code = code.rstrip("\n")
    path.write_text(yaml.safe_dump({
        "snippet": RECORDING_REF, "code_sha256": gpu_recordings.code_hash(region_code),
        "provenance": PROVENANCE, "code": region_code + "\n", "output": RECORDED_OUTPUT,
    }), encoding="utf-8")
    return path


def create(tree: Path) -> Path:
    """Write the mini-site's tree at ``tree``."""
    from notesite.core import snippet_regions

    for name in COPIED:
        src, dest = ROOT / name, tree / name
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    (tree / "snippets" / "mini").mkdir(parents=True)
    (tree / "snippets" / "__init__.py").write_text("")
    (tree / "snippets" / "mini" / "__init__.py").write_text("")
    (tree / "snippets" / "mini" / "counting.py").write_text(COUNTING)
    (tree / "snippets" / "mini" / "spelling.py").write_text(SPELLING)
    (tree / "snippets" / "mini" / "on_gpu.py").write_text(ON_GPU)
    (tree / "docs" / "_gpu").mkdir(parents=True)
    (tree / "docs" / "_gpu" / "pending.txt").write_text("# [gpu] regions not recorded yet: <snippet>:<region> <reason>\n")
    region = snippet_regions.parse_regions(tree / "snippets" / "mini" / "on_gpu.py")["double"]
    write_recording(tree, region.code)
    for lang in LANGS:
        for name, text in pages(lang).items():
            path = tree / "docs" / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return tree


class MiniSite:
    """The mini-site at a fixed path; ``build`` builds one language, ``build_all`` every one."""

    def __init__(self, tree: Path) -> None:
        self.tree = create(tree)
        self.dirty = set(LANGS)  # the languages to rebuild before the next test: all, not built yet
        self.kept: Path | None = None  # the saved built tree (keep), which settle puts back

    def path(self, rel: str) -> Path:
        return self.tree / rel

    def build(self, lang: str, *extra: str, **kwargs) -> sitebuild.Build:
        self.dirty.add(lang)  # whatever a test builds is rebuilt from the restored files before the next
        return sitebuild.build(self.tree, lang, *extra, **kwargs)

    def build_all(self) -> dict[str, sitebuild.Build]:
        return {lang: self.build(lang) for lang in LANGS}

    def keep(self) -> None:
        """Save the built, unedited tree (sources, doctrees, HTML, execution cache, with their
        times) beside it: :meth:`settle` puts it back instead of rebuilding."""
        self.kept = self.tree.with_name(self.tree.name + ".built")
        shutil.rmtree(self.kept, ignore_errors=True)
        shutil.copytree(self.tree, self.kept, symlinks=True)
        self.dirty = set()

    def settle(self) -> None:
        """Put back the built, unedited site after a test that built it.

        The saved tree (:meth:`keep`) replaces the one the test built, times included, so the
        next build finds every page up to date, as after the clean build. Without a saved
        tree, the languages the last test built are rebuilt from the restored files and must
        build cleanly. Files a test only edited (without building) need nothing: their next
        build re-reads them.
        """
        if self.dirty and self.kept:
            shutil.rmtree(self.tree)
            shutil.copytree(self.kept, self.tree, symlinks=True)
        elif self.dirty:
            for lang in [lang for lang in LANGS if lang in self.dirty]:
                result = sitebuild.build(self.tree, lang)
                assert result.returncode == 0, f"the restored mini-site fails to build in {lang}:\n{result.output}"
        self.dirty = set()

    def html(self, lang: str, page: str = "counting") -> str:
        return (paths.html_dir(self.tree, lang) / f"{page}.html").read_text(encoding="utf-8")

    @contextlib.contextmanager
    def edit(self, rel: str, old: str, new: str, count: int = 1):
        """Replace ``old`` by ``new`` in one file for the duration of the ``with`` block."""
        path = self.tree / rel
        original = path.read_bytes()
        text = original.decode("utf-8")
        assert old in text, f"{rel} does not contain {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        try:
            yield path
        finally:
            path.write_bytes(original)

    @contextlib.contextmanager
    def added(self, rel: str, text: str):
        """A file that exists only for the duration of the ``with`` block."""
        path = self.tree / rel
        path.write_text(text, encoding="utf-8")
        try:
            yield path
        finally:
            path.unlink()

    @contextlib.contextmanager
    def removed(self, rel: str):
        """A file (or folder) that is gone for the duration of the ``with`` block."""
        path = self.tree / rel
        keep = path.with_name(path.name + ".removed-by-test")
        path.rename(keep)
        try:
            yield path
        finally:
            if path.is_dir():
                shutil.rmtree(path)
            keep.rename(path)
            for restored in [path, *path.rglob("*")]:  # back as a contributor would add it: new
                os.utime(restored)
