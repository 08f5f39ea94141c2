"""The build's promises, proven on temporary copies of the tree.

* a clean build executes each page once: the first language runs every notebook,
  the second is served from the shared execution cache and starts no kernel;
* editing a snippet re-executes the one page that uses it, and the page shows the
  new output (no stale cache);
* editing prose re-executes nothing;
* a snippet that raises fails the build, naming the snippet file and line;
* a page present in only one language fails the tests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from sitebuild import build, copy_tree, notebook_pages

pytestmark = pytest.mark.build

SIZE = "snippets/tensors/basics/size.py"
PAGE = "tensors/basics"


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    """A clean copy of the tree (no execution cache) built zh first, then en."""
    tree = copy_tree(tmp_path_factory.mktemp("clean") / "site")
    zh = build(tree, "zh")
    en = build(tree, "en")
    return tree, zh, en


@pytest.fixture
def built_copy(clean_build, tmp_path):
    """A private copy of the clean build (sources, cache, doctrees, html) to edit."""
    tree, _, _ = clean_build
    dest = tmp_path / "site"
    shutil.copytree(tree, dest, symlinks=True)
    return dest


def html(tree, site, page=PAGE):
    return (tree / "_build" / "html" / site / f"{page}.html").read_text(encoding="utf-8")


def test_second_language_executes_nothing(clean_build):
    tree, zh, en = clean_build
    assert zh.returncode == 0, zh.output
    assert en.returncode == 0, en.output
    assert zh.kernels == len(notebook_pages(tree, "zh")) > 0
    assert en.kernels == 0


def test_snippet_edit_reexecutes_its_page_and_shows_new_output(built_copy):
    path = built_copy / SIZE
    path.write_text(path.read_text().replace("torch.zeros(5, 3)", "torch.zeros(4, 3)"))
    first = build(built_copy, "en")
    assert first.returncode == 0, first.output
    assert first.kernels == 1  # only the page that uses size.py
    page = html(built_copy, "en")
    assert "torch.Size([4, 3])" in page and "torch.Size([5, 3])" not in page
    second = build(built_copy, "zh")  # same code: served from the cache
    assert second.returncode == 0 and second.kernels == 0
    assert "torch.Size([4, 3])" in html(built_copy, "zh")


def test_prose_edit_executes_nothing(built_copy):
    path = built_copy / "docs" / "en" / f"{PAGE}.md"
    path.write_text(path.read_text().replace("What you will learn here:", "Freshly edited prose:"))
    result = build(built_copy, "en")
    assert result.returncode == 0, result.output
    assert result.kernels == 0
    assert "Freshly edited prose:" in html(built_copy, "en")


def test_raising_snippet_fails_the_build_naming_file_and_line(built_copy):
    path = built_copy / SIZE
    lines = path.read_text().splitlines()
    at = lines.index("x = torch.zeros(5, 3)") + 1  # insert after it; 1-based line of the new code
    lines.insert(at, "x = x / 0 if x.sum() else x.reshape(7, 7)")
    path.write_text("\n".join(lines) + "\n")
    result = build(built_copy, "en")
    assert result.returncode != 0
    assert f"{SIZE}:{at + 1}" in result.output, result.output
    assert "RuntimeError" in result.output and "shape '[7, 7]' is invalid" in result.output


def test_zh_only_page_fails_the_tests(built_copy):
    (built_copy / "docs" / "zh" / "extra.md").write_text("# 多出来的一页\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_pages_align.py"],
        cwd=built_copy, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode != 0
    assert "docs/zh/extra.md: page exists only in zh" in proc.stdout


def test_unused_region_and_pasted_code_fail_the_tests(built_copy):
    with open(built_copy / SIZE, "a") as f:
        f.write("# %% orphan\nprint('used by no page')\n")
    page = built_copy / "docs" / "en" / "intro.md"
    page.write_text(page.read_text() + "\n```{code-cell} ipython3\nprint('pasted')\n```\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_pages_align.py"],
        cwd=built_copy, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode != 0
    assert re.search(r"size\.py:\d+: region 'orphan' is used by no page", proc.stdout), proc.stdout
    assert "docs/en/intro.md" in proc.stdout and "code cell without ':snippet:" in proc.stdout
