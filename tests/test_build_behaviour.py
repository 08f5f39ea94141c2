"""The build's promises, proven on temporary copies of the tree.

* a clean build executes each page once: the first language runs every notebook,
  the second is served from the shared execution cache and starts no kernel;
* editing a snippet re-executes the one page that uses it, and the page shows the
  new output (no stale cache);
* editing prose re-executes nothing;
* a change to the kernel's environment (installed packages, IPython profile)
  empties the execution cache and re-executes every page, in each language once;
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


# --- failure behaviour: each bad input stops the build (or the tests) and names the place ---


def run_alignment_tests(tree):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_pages_align.py"],
        cwd=tree, capture_output=True, text=True, timeout=300,
    )


def test_hanging_snippet_is_stopped_by_the_timeout(built_copy):
    path = built_copy / SIZE
    path.write_text(path.read_text().replace("x = torch.zeros(5, 3)\n", "x = torch.zeros(5, 3)\nimport time\ntime.sleep(600)\n"))
    result = build(built_copy, "en", "-D", "nb_execution_timeout=30", timeout=600)
    assert result.returncode != 0
    assert re.search(r"snippets/tensors/basics/size\.py:\d+: the cell timed out after 30 s", result.output), result.output


@pytest.mark.parametrize(
    "ref,message",
    [
        ("tensors/basics/size.py:no_such_region", "region 'no_such_region' not found in"),
        ("tensors/basics/no_such_module.py:size", "snippet module 'tensors/basics/no_such_module.py' not found"),
    ],
)
def test_missing_region_or_module_fails_naming_the_page_line(built_copy, ref, message):
    page = built_copy / "docs" / "en" / f"{PAGE}.md"
    text = page.read_text()
    line = text[: text.index(":snippet: tensors/basics/size.py:size")].count("\n")  # the fence's line
    page.write_text(text.replace(":snippet: tensors/basics/size.py:size", f":snippet: {ref}"))
    result = build(built_copy, "en")
    assert result.returncode != 0
    assert f"docs/en/{PAGE}.md:{line}: " in result.output and message in result.output, result.output


def test_section_label_in_one_language_fails_the_tests(built_copy):
    page = built_copy / "docs" / "zh" / f"{PAGE}.md"
    page.write_text(page.read_text().replace("(tensor-size)=\n", ""))
    proc = run_alignment_tests(built_copy)
    assert proc.returncode != 0
    assert f"docs/{{zh,en}}/{PAGE}.md: section labels differ" in proc.stdout, proc.stdout


def test_malformed_front_matter_fails_naming_the_page(built_copy):
    page = built_copy / "docs" / "en" / f"{PAGE}.md"
    page.write_text(page.read_text().replace("kernelspec:\n", "kernelspec: [unclosed\n", 1))
    result = build(built_copy, "en")
    assert result.returncode != 0
    assert f"docs/en/{PAGE}.md:1: WARNING: Malformed YAML" in result.output, result.output


def test_broken_internal_link_fails_the_build(built_copy):
    page = built_copy / "docs" / "en" / "intro.md"
    page.write_text(page.read_text() + '\n<a href="install.html#no-such-section">install</a>\n')
    result = build(built_copy, "en")
    assert result.returncode != 0
    assert "intro.html: broken anchor 'install.html#no-such-section'" in result.output, result.output


def test_corrupt_execution_cache_recovers_with_real_output(built_copy):
    db = built_copy / "_build" / ".jupyter_cache" / "global.db"
    db.write_bytes(b"this is not a database" * 100)
    result = build(built_copy, "en")
    assert result.returncode == 0, result.output
    assert result.kernels == len(notebook_pages(built_copy, "en"))  # everything executed again
    assert "torch.Size([5, 3])" in html(built_copy, "en")


def test_kernel_environment_change_reexecutes_every_page(built_copy):
    startup = built_copy / "docs" / "_ipython" / "profile_default" / "startup" / "00-count-kernels.py"
    startup.write_text(startup.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    en = build(built_copy, "en")
    assert en.returncode == 0, en.output
    assert en.kernels == len(notebook_pages(built_copy, "en"))  # the cache was emptied: all execute again
    assert "torch.Size([5, 3])" in html(built_copy, "en")
    zh = build(built_copy, "zh")  # re-reads its pages too (no stale HTML), served from the refilled cache
    assert zh.returncode == 0, zh.output
    assert zh.kernels == 0 and "torch.Size([5, 3])" in html(built_copy, "zh")


def test_environment_stamp_names_what_changed(tmp_path):
    import exec_cache
    from jupyter_cache import get_cache

    cache = tmp_path / "cache"
    get_cache(str(cache)).list_cache_records()
    (cache / "environment.txt").write_text("python 3.11.7\ntorch==2.13.0\n", encoding="utf-8")
    assert exec_cache.check_environment(cache, ["python 3.11.7", "torch==2.13.0"]) == []
    assert cache.exists()
    [message] = exec_cache.check_environment(cache, ["python 3.11.7", "torch==2.14.1"])
    assert "-torch==2.13.0, +torch==2.14.1" in message and not cache.exists()
    assert exec_cache.check_environment(cache, ["python 3.11.7"]) == []  # no cache: nothing to empty


def test_deleted_cached_notebook_reexecutes_only_its_page(built_copy):
    executed = sorted((built_copy / "_build" / ".jupyter_cache" / "executed").iterdir())
    shutil.rmtree(executed[0])
    result = build(built_copy, "en")
    assert result.returncode == 0, result.output
    assert result.kernels == 1


def article(page_html: str) -> str:
    """The page content (the article), without theme chrome."""
    start = page_html.index('<article class="bd-article">')
    return page_html[start : page_html.index("</article>", start)]


def test_two_clean_builds_give_the_same_pages(clean_build):
    """Seeded randomness, no timestamps or addresses: a clean build reproduces the site."""
    from conftest import ROOT

    tree, _, _ = clean_build
    differ = []
    for site in ("zh", "en"):
        for page in notebook_pages(tree, site):
            name = page.removesuffix(".md")
            mine = article(html(tree, site, name))
            main = ROOT / "_build" / "html" / site / f"{name}.html"
            if not main.exists():
                pytest.fail(f"{main} missing: run `make html` before the tests")
            theirs = article(main.read_text(encoding="utf-8"))
            if theirs != mine:
                at = next(i for i, (a, b) in enumerate(zip(mine, theirs + "\0" * len(mine))) if a != b)
                differ.append(f"{site}/{name}: ...{mine[max(0, at - 150):at + 150]!r}... vs ...{theirs[max(0, at - 150):at + 150]!r}...")
    assert differ == [], "pages differ between two clean builds:\n" + "\n".join(differ)


def test_links_between_the_two_sites_resolve():
    from conftest import ROOT
    from link_check import broken_links

    site = ROOT / "_build" / "html"
    problems = broken_links(site / "zh", (site / "en",)) + broken_links(site / "en", (site / "zh",))
    assert problems == []
