"""A practice notebook per page with exercises, that runs once the reader has answered (issue 25).

``notesite/ext/practice_notebooks.py`` writes ``_practice/<page>.ipynb`` in each language's
site and offers it in the page's download menu. Here:

* each page with exercises has one, offered next to the page's notebook, with one empty
  answer cell per exercise of the page (in the page's order, naming its exercise and
  solution regions), the exercises' setup code, and no solution code;
* filled from the solution regions, it runs top to bottom in a fresh kernel, in an empty
  folder outside the repository (``test_notebooks_run_anywhere.run_outside``): the fast tier
  for the sample page, the full tier for every page, in the first language; every other
  language's practice notebook has the same code cells (checked for every page).
"""

from __future__ import annotations

import nbformat
import pytest

from notesite.core import htmlpages
from notesite.ext import page_alignment
from notesite.ext import practice_notebooks
from notesite.core import snippet_regions
from tests.browser import SITE, require_built, tiered, tiered_sources
from tests.helpers import LANGS, ROOT
from tests.build.test_notebooks_run_anywhere import run_outside

pytestmark = pytest.mark.build

def exercise_labels(text: str) -> list[str]:
    """The labels of the page's {exercise} blocks, in page order (as page_alignment reads them)."""
    return [label for _, kind, label in page_alignment.blocks(text) if kind == "exercise" and label]


def pages_with_exercises() -> list[str]:
    return [p.removesuffix(".md") for p in page_alignment.pages(ROOT, LANGS[0])
            if exercise_labels((ROOT / "docs" / LANGS[0] / p).read_text(encoding="utf-8"))]


PAGES = pages_with_exercises()


def practice_path(lang: str, page: str):
    return SITE / lang / practice_notebooks.download_url(page)


def answer_cells(notebook) -> list:
    return [c for c in notebook.cells if c.cell_type == "code" and "practice" in c.metadata]


def region_code(ref: str) -> str:
    return snippet_regions.region_of(ROOT / "snippets", ref).code


def test_pages_have_exercises():
    assert PAGES, "no page has an {exercise} block"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("doc", PAGES)
def test_practice_notebook_has_the_exercises_and_no_solutions(lang, doc):
    require_built()
    source = (ROOT / "docs" / lang / f"{doc}.md").read_text(encoding="utf-8")
    path = practice_path(lang, doc)
    assert path.is_file(), f"{lang}/{doc}: no practice notebook at {path.relative_to(SITE)}"
    notebook = nbformat.read(path, as_version=4)
    answers = answer_cells(notebook)
    assert [c.metadata["practice"]["exercise"] for c in answers] == exercise_labels(source), (
        f"{lang}/{doc}: the answer cells do not follow the page's exercises")
    shown = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    for cell in answers:
        assert cell.metadata["practice"]["solutions"], f"{lang}/{doc}: {cell.metadata} names no solution"
        for ref in cell.metadata["practice"]["solutions"]:
            assert region_code(ref).strip() not in shown, f"{lang}/{doc}: the solution {ref} is in the notebook"
        assert not cell.source.strip().replace("#", "").strip() or cell.source.lstrip().startswith("#"), (
            f"{lang}/{doc}: an answer cell holds code: {cell.source!r}")
    for cell in notebook.cells:
        if cell.cell_type == "code" and "snippet" in cell.metadata:
            assert cell.source == region_code(cell.metadata["snippet"]), f"{lang}/{doc}: {cell.metadata} differs"
    assert not any(c.outputs for c in notebook.cells if c.cell_type == "code"), f"{lang}/{doc}: outputs"


@pytest.mark.parametrize("lang,doc", tiered_sources([(lang, doc) for lang in LANGS for doc in PAGES]))
def test_practice_notebook_is_in_the_download_menu(lang, doc):
    require_built()
    soup = htmlpages.read(SITE / lang / f"{doc}.html")
    links = [a.get("href") for a in soup.select(".dropdown-download-buttons a")]
    wanted = "../" * doc.count("/") + practice_notebooks.download_url(doc)
    assert wanted in links, f"{lang}/{doc}: the download menu offers {links}"
    assert links.index(wanted) == next(i for i, h in enumerate(links) if h.endswith(f"_sources/{doc}.ipynb")) + 1, (
        f"{lang}/{doc}: the practice notebook is not next to the page's notebook: {links}")


@pytest.mark.parametrize("lang", LANGS[1:])
@pytest.mark.parametrize("doc", PAGES)
def test_every_language_practises_the_same_code(lang, doc):
    require_built()
    code = [[c.source for c in nbformat.read(practice_path(lg, doc), as_version=4).cells if c.cell_type == "code"
             and "practice" not in c.metadata] for lg in (LANGS[0], lang)]
    assert code[0] == code[1], f"{lang}/{doc}: its practice notebook's code differs from {LANGS[0]}'s"


@pytest.mark.parametrize("doc", tiered(PAGES, page_of=lambda p: f"{p}.html"))
def test_answered_practice_notebook_runs_in_an_empty_folder(doc, tmp_path):
    """The empty cells filled with the page's solutions, the notebook runs outside the repository."""
    require_built()
    notebook = nbformat.read(practice_path(LANGS[0], doc), as_version=4)
    for cell in answer_cells(notebook):
        cell.source = "\n\n".join(region_code(ref) for ref in cell.metadata["practice"]["solutions"])
    answered = tmp_path / "src" / f"{doc.replace('/', '_')}.ipynb"
    answered.parent.mkdir()
    nbformat.write(notebook, answered)
    workdir = tmp_path / "run"
    workdir.mkdir()
    run_outside(answered, workdir, name=f"{LANGS[0]}/{practice_notebooks.download_url(doc)} (answered)")
