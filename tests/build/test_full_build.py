"""A build of the full site from a fresh copy of its sources, in the full tier: every language
builds from the execution cache that `make html` filled, kept to the first language's records,
executes nothing, and writes the pages `make html` wrote.

So each page executes once per build: the first language's records serve every other
language (jupyter-cache keys a record on the notebook's code cells, their source and metadata,
and its kernel, not on the page's words or file) and a build in another folder. That a clean
build runs every page of the first language is the mini-site's test (test_build_behaviour.py,
test_clean_build_executes_each_page_once). Executing every page again here would repeat
tests/build/test_notebooks_run_anywhere.py, which runs every page's notebook in a fresh kernel
and checks its outputs against the page's: the executions' half of "two builds give identical
pages", this file the pages' half.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notesite.core import htmlpages
from notesite.core import paths

from notesite.tools import sitebuild
from tests.helpers import LANGS, ROOT

pytestmark = pytest.mark.full


def article(page_html: str) -> str:
    """The page content (the article), without theme chrome, as markup."""
    return str(htmlpages.article(htmlpages.parse(page_html)))


def page_language(uri: str) -> str | None:
    """The language of the page a cache record was made from (its ``uri``: ``.../docs/<code>/<page>.md``)."""
    parts = Path(uri).parts
    at = len(parts) - 1 - parts[::-1].index("docs") if "docs" in parts else None
    return parts[at + 1] if at is not None and at + 1 < len(parts) else None


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    """The sources copied to another folder with `make html`'s execution cache, less the records that
    pages of the other languages made, built in every language."""
    from jupyter_cache import get_cache

    cache = paths.cache_dir(ROOT)
    if not (cache / "global.db").is_file():
        pytest.fail(f"{cache} holds no execution cache: run `make html` before the tests")
    tree = sitebuild.copy_tree(tmp_path_factory.mktemp("fresh") / "site")
    shutil.copytree(cache, paths.cache_dir(tree))
    copied = get_cache(paths.cache_dir(tree))
    for record in copied.list_cache_records():
        if page_language(record.uri) != LANGS[0]:
            copied.remove_cache(record.pk)
    return tree, {lang: sitebuild.build(tree, lang) for lang in LANGS}


def test_page_language_reads_the_record_uri():
    first = LANGS[0]
    assert page_language(f"/anywhere/docs/site/docs/{first}/nn/training.md") == first
    assert page_language("/tmp/notebook.ipynb") is None


@pytest.mark.build
def test_each_page_executes_once_and_nowhere_else(fresh_build):
    """The first language's records serve every language, in another folder: nothing of a page's
    words, of its file or of the folder is in the cache's keys or the environment's fingerprint."""
    tree, builds = fresh_build
    for lang in LANGS:
        assert builds[lang].returncode == 0, builds[lang].output
        assert builds[lang].kernels == 0, (
            f"{lang}: {builds[lang].kernels} pages executed again (run `make html` first if the site is older than "
            f"its sources; otherwise their cache records do not serve this language or this folder)")


@pytest.mark.build
def test_two_builds_give_the_same_pages(fresh_build):
    """No timestamps, addresses or folders in the pages: a build elsewhere writes the pages `make html` wrote."""
    tree, _ = fresh_build
    differ = []
    for lang in LANGS:
        for page in sitebuild.notebook_pages(tree, lang):
            name = page.removesuffix(".md")
            mine = article((paths.html_dir(tree, lang) / f"{name}.html").read_text(encoding="utf-8"))
            main = paths.html_dir(ROOT, lang) / f"{name}.html"
            if not main.exists():
                pytest.fail(f"{main} missing: run `make html` before the tests")
            theirs = article(main.read_text(encoding="utf-8"))
            if theirs != mine:
                at = next(i for i, (a, b) in enumerate(zip(mine, theirs + "\0" * len(mine))) if a != b)
                differ.append(f"{lang}/{name}: ...{mine[max(0, at - 150):at + 150]!r}... vs ...{theirs[max(0, at - 150):at + 150]!r}...")
    assert differ == [], "pages differ between two builds:\n" + "\n".join(differ)


def test_collection_needs_no_built_site(tmp_path):
    """A fresh clone collects every test before `make html`: nothing reads _build at import."""
    import subprocess
    import sys

    names = [n for n in (*paths.TREE, "README.md", ".ci", ".github") if (paths.ROOT / n).exists()]
    tree = sitebuild.copy_tree(tmp_path / "site", names=names)  # the sources, as cloned: no _build
    proc = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"], cwd=tree,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not (tree / "_build").exists()


@pytest.mark.build
def test_a_build_with_no_change_writes_no_page_again(fresh_build):
    """`make html` after `make html`: no page made from a source is written again (only the pages
    Sphinx generates on every build, such as the index and the search page), and none is executed.
    Exercise numbering once made every page with exercises look changed to the next build."""
    tree, _ = fresh_build
    for lang in LANGS:
        html, docs = paths.html_dir(tree, lang), tree / "docs" / lang
        before = {page: page.stat().st_mtime_ns for page in html.rglob("*.html")}
        again = sitebuild.build(tree, lang)
        assert again.returncode == 0 and again.kernels == 0, again.output
        written = sorted(page.relative_to(html).as_posix() for page, when in before.items()
                         if page.stat().st_mtime_ns != when and (docs / page.relative_to(html)).with_suffix(".md").exists())
        assert written == [], f"{lang}: a build with nothing changed wrote these pages again: {written}"
