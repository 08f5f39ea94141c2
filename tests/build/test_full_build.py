"""One clean build of the full site, in the full tier: the first language executes every
page once, the others execute none, and the pages are the ones `make html` built.

The build behaviour and every fault are proven on the mini-site (test_build_behaviour.py);
this is the one test that pays for a clean build of all pages (minutes).
"""

from __future__ import annotations

import pytest

from notesite.core import htmlpages
from notesite.core import paths

from notesite.tools import sitebuild
from tests.helpers import LANGS, ROOT

pytestmark = pytest.mark.full


def article(page_html: str) -> str:
    """The page content (the article), without theme chrome, as markup."""
    return str(htmlpages.article(htmlpages.parse(page_html)))


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    tree = sitebuild.copy_tree(tmp_path_factory.mktemp("clean") / "site")
    return tree, {lang: sitebuild.build(tree, lang) for lang in LANGS}


@pytest.mark.build
def test_full_site_executes_each_page_once(clean_build):
    tree, builds = clean_build
    first, *others = LANGS
    for lang in LANGS:
        assert builds[lang].returncode == 0, builds[lang].output
    assert builds[first].kernels == len(sitebuild.notebook_pages(tree, first)) > 0
    for lang in others:  # served from the execution cache the first language's build filled
        assert builds[lang].kernels == 0, lang


@pytest.mark.build
def test_two_clean_builds_give_the_same_pages(clean_build):
    """Seeded randomness, no timestamps or addresses: a clean build reproduces the site."""
    tree, _ = clean_build
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
    assert differ == [], "pages differ between two clean builds:\n" + "\n".join(differ)


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
def test_a_build_with_no_change_writes_no_page_again(clean_build):
    """`make html` after `make html`: no page made from a source is written again (only the pages
    Sphinx generates on every build, such as the index and the search page), and none is executed.
    Exercise numbering once made every page with exercises look changed to the next build."""
    tree, _ = clean_build
    for lang in LANGS:
        html, docs = paths.html_dir(tree, lang), tree / "docs" / lang
        before = {page: page.stat().st_mtime_ns for page in html.rglob("*.html")}
        again = sitebuild.build(tree, lang)
        assert again.returncode == 0 and again.kernels == 0, again.output
        written = sorted(page.relative_to(html).as_posix() for page, when in before.items()
                         if page.stat().st_mtime_ns != when and (docs / page.relative_to(html)).with_suffix(".md").exists())
        assert written == [], f"{lang}: a build with nothing changed wrote these pages again: {written}"
