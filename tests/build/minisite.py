"""A small site for the build-behaviour and fault-injection tests, in each of the site's
languages (notesite/core/languages.py), kept as real files in tests/build/mini/: a home
page and one page of code cells from two snippet modules per language (docs/<code>/), one
cell in the folded solution of an exercise, a [gpu] cell and its recording (docs/_gpu/).

It is built with the real conf.py, notesite, templates, static files, locale and kernel
profile (copied), but its own pages and snippet modules, which import no torch: a build
takes seconds, not minutes. It lives at one fixed path under the test session's temporary
folder for the whole session, so Sphinx keeps its saved environment and every rebuild is
incremental, as a contributor's is.

Tests change it only through :meth:`MiniSite.edit` (and the other helpers below),
which put every file back afterwards; the next test that asks for the site rebuilds it
first if anything changed, so each test starts from a built, unedited mini-site.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from notesite.core import paths

from notesite.tools import sitebuild
from tests.helpers import LANGS, ROOT

# What the mini-site copies from the repository: everything a build reads except pages and snippets.
COPIED = ("conf.py", "notesite", "docs/_templates", "docs/_static", "docs/_locale",
          "docs/_ipython", "docs/_root", "docs/_data/notes.txt")

# The mini-site's own files: its pages, snippet modules and GPU recording (tests/build/mini).
MINI = Path(__file__).resolve().parent / "mini"

# The front matter of a page with code cells (the tests' tiny pages start with it too).
FRONT_MATTER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""


def page_source(lang: str, page: str = "counting") -> str:
    """A page of the mini-site as written (tests/build/mini/docs/<code>/<page>.md)."""
    path = MINI / "docs" / lang / f"{page}.md"
    if not path.is_file():
        raise LookupError(f"the mini-site has no page {page!r} in language {lang!r}: add "
                          f"{path.relative_to(ROOT)} (a translation of the first language's)")
    return path.read_text(encoding="utf-8")


def title(lang: str, page: str = "counting") -> str:
    """The page's title (its ``# `` heading) in ``lang``."""
    return next(line[2:] for line in page_source(lang, page).splitlines() if line.startswith("# "))


def intro(lang: str) -> str:
    """The counting page's first line of prose, after its title."""
    lines = page_source(lang).splitlines()
    after = lines[lines.index(f"# {title(lang)}") + 1:]
    return next(line for line in after if line.strip())


RECORDING_REF = "mini/on_gpu.py:double"
RECORDED_OUTPUT = "tensor([2., 2.], device='cuda:0')\n"
PROVENANCE = {"gpu": "Test GPU", "gpu_count": 1, "driver": "1.0", "cuda": "13.0", "torch": "2.14.1",
              "date": "2026-01-01"}


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
    """Write the mini-site's tree at ``tree``: what it copies of the repository, then its own files."""
    for lang in LANGS:
        page_source(lang)  # every language has its pages, or a LookupError names the one to add
    for name in COPIED:
        src, dest = ROOT / name, tree / name
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    shutil.copytree(MINI, tree, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    return tree


class MiniSite:
    """The mini-site at a fixed path; ``build`` builds one language, ``build_all`` every one."""

    def __init__(self, tree: Path) -> None:
        self.tree = create(tree)
        self.dirty = set(LANGS)  # the languages to rebuild before the next test: all, not built yet
        self.kept: Path | None = None  # the saved built tree (keep), which settle puts back

    def path(self, rel: str) -> Path:
        return self.tree / rel

    def build(self, lang: str, *extra: str, in_process: bool = True, **kwargs) -> sitebuild.Build:
        """One language, with ``make html``'s options. In this process by default: a build of the
        mini-site is then a third of a second plus its kernels, against two seconds for a fresh
        ``python -m sphinx`` that imports Sphinx and the extensions first. ``in_process=False``:
        in a process of its own (it honours ``timeout``)."""
        self.dirty.add(lang)  # whatever a test builds is rebuilt from the restored files before the next
        return sitebuild.build(self.tree, lang, *extra, in_process=in_process, **kwargs)

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
