"""``make html`` with nothing changed starts no Sphinx; with anything changed it builds
(notesite/tools/sitebuild.py: ``up_to_date``, ``build_state``, ``finish``).

Proven on a small tree of files (no build: the state is the files' sizes and times, the
installed packages and the GPU switch), and on ``sitebuild.html`` with the Sphinx processes
replaced by a stand-in that records them.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from notesite.core import languages
from notesite.core import paths
from notesite.tools import sitebuild
from tests.helpers import ROOT

pytestmark = pytest.mark.build

PAGE = f"docs/{languages.FIRST.code}/intro.md"
SNIPPET = "snippets/intro/hello.py"
OUTPUT = f"_build/html/{languages.FIRST.code}/intro.html"


@pytest.fixture
def tree(tmp_path):
    """A tree as a built site has it: sources, the root pages' templates, outputs, and the kept state."""
    for rel, text in {"conf.py": "project = 'x'\n", PAGE: "# Intro\n", SNIPPET: "print(1)\n",
                      OUTPUT: "<p>Intro</p>\n", "_build/.jupyter_cache/global.db": "db"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "_root", tmp_path / "docs" / "_root")
    sitebuild.finish(tmp_path)
    assert sitebuild.up_to_date(tmp_path)
    return tmp_path


def touch_later(path) -> None:
    """A new modification time, as an editor's save gives, whatever the clock's resolution."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("rel", [PAGE, SNIPPET, "conf.py"])
def test_an_edited_source_is_not_up_to_date(tree, rel):
    path = tree / rel
    path.write_text(path.read_text(encoding="utf-8").upper(), encoding="utf-8")  # same size
    touch_later(path)
    assert not sitebuild.up_to_date(tree)
    sitebuild.finish(tree)
    assert sitebuild.up_to_date(tree)


def test_a_source_saved_unchanged_or_added_is_not_up_to_date(tree):
    touch_later(tree / PAGE)  # saved again: make compares times, so does this
    assert not sitebuild.up_to_date(tree)
    sitebuild.finish(tree)
    (tree / "snippets" / "intro" / "more.py").write_text("print(2)\n", encoding="utf-8")
    assert not sitebuild.up_to_date(tree)


def test_a_removed_or_edited_output_is_not_up_to_date(tree):
    (tree / OUTPUT).unlink()
    assert not sitebuild.up_to_date(tree)
    (tree / OUTPUT).write_text("<p>Intro</p>\n", encoding="utf-8")
    sitebuild.finish(tree)
    (tree / "_build" / ".jupyter_cache" / "global.db").write_text("database", encoding="utf-8")
    assert not sitebuild.up_to_date(tree)


def test_the_pdfs_make_pdf_adds_leave_it_up_to_date(tree):
    """make pdf copies the PDFs into the site; make html neither reads nor writes them."""
    pdf = paths.html_dir(tree) / paths.PDF_FOLDER / paths.pdf_name(languages.FIRST.code)
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.7")
    assert sitebuild.up_to_date(tree)


def test_the_gpu_profile_is_not_up_to_date_after_the_cpu_build(tree, monkeypatch):
    monkeypatch.setenv("GPU", "1")
    assert not sitebuild.up_to_date(tree)


def test_an_installed_package_is_not_up_to_date(tree, tmp_path_factory, monkeypatch):
    packages = tmp_path_factory.mktemp("site-packages")
    monkeypatch.syspath_prepend(packages)
    assert sitebuild.up_to_date(tree)  # a folder on the path, no package in it yet
    (packages / "newpackage-1.0.dist-info").mkdir()
    assert not sitebuild.up_to_date(tree)


def test_no_stamp_is_not_up_to_date(tree):
    (paths.build_dir(tree) / sitebuild.STAMP).unlink()
    assert not sitebuild.up_to_date(tree)


def test_make_html_starts_sphinx_only_when_something_changed(tree, monkeypatch, capsys):
    started = []

    def sphinx(cmd, cwd):
        started.append(cmd)
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(sitebuild.subprocess, "run", sphinx)
    assert sitebuild.html(tree) == 0
    assert started == [] and "the site is up to date" in capsys.readouterr().out
    touch_later(tree / SNIPPET)
    assert sitebuild.html(tree) == 0
    assert len(started) == len(languages.CODES)  # every language, as after any change
    assert sitebuild.up_to_date(tree)  # and the state after that build is kept
