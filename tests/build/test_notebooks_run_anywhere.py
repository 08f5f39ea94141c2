"""Every page's notebook download runs where a reader runs it (issue 25, item 6).

Full tier: the first language's downloadable notebooks (``_build/html/<code>/_sources/**.ipynb``,
what the download menu offers) are copied into an empty folder outside the repository
and run top to bottom in a fresh kernel of the pinned packages: no ``snippets`` package
on the path, no ``PYTHONPATH``, no site profile (the warning gate is the build's, not the
reader's). A cell that raises fails the test, naming the notebook and the cell. Every
other language's notebook has the same code cells in the same order (checked, fast
tier), so it runs as its twin does: its prose is all that differs. ([gpu] cells are not
in the notebooks: their pages show a recording or a note instead.)

Fast tier: the mechanism that makes the GPU page's notebook self-contained: the page's
front matter names the module its DDP launch runs as a script (``notebook_carries``),
and the notebook writes that module, byte for byte, before its first code cell.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest

from notesite.ext import page_alignment
from notesite.ext import snippet_downloads
import yaml
from tests.browser import SITE, require_built
from tests.helpers import LANGS, ROOT

pytestmark = pytest.mark.build


def notebooks(lang: str) -> list[Path]:
    return sorted((SITE / lang / "_sources").rglob("*.ipynb"))


def carried(page: str) -> list[str]:
    text = (ROOT / "docs" / LANGS[0] / page).read_text(encoding="utf-8")
    return (yaml.safe_load(page_alignment.front_matter(text)) or {}).get(snippet_downloads.CARRIES) or []


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_writes_the_modules_it_runs_as_scripts(lang):
    require_built()
    pages = [p for p in page_alignment.pages(ROOT, LANGS[0]) if carried(p)]
    assert pages, "no page names a module in notebook_carries: the GPU page's DDP launch needs train_ddp.py"
    for page in pages:
        notebook = nbformat.read(SITE / lang / "_sources" / page.replace(".md", ".ipynb"), as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        for i, file in enumerate(carried(page)):
            name = Path(file).name
            expected = f"%%writefile {name}\n" + (ROOT / "snippets" / file).read_text(encoding="utf-8")
            assert code[i].source == expected, f"{lang}/{page}: code cell {i + 1} does not write {file} as it is"


def run_outside(path: Path, workdir: Path, name: str | None = None) -> None:
    """Run a notebook copied into ``workdir``, in a fresh kernel that sees nothing of the repository.

    ``name``: the notebook as failures name it (by default its path in the site)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    copy = workdir / path.name
    shutil.copyfile(path, copy)
    notebook = nbformat.read(copy, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    env_before = dict(os.environ)
    for name in ("PYTHONPATH", "IPYTHONDIR"):
        os.environ.pop(name, None)
    try:
        # shutdown_kernel="immediate": the kernel is stopped once every cell has answered; a graceful
        # stop waits up to 2.5 s when ipykernel's control thread does not exit (posit-dev/positron#7142).
        client = NotebookClient(notebook, timeout=600, kernel_name="python3", shutdown_kernel="immediate",
                                resources={"metadata": {"path": str(workdir)}})
        client.execute(cwd=str(workdir))
    except CellExecutionError as error:
        pytest.fail(f"{name or path.relative_to(SITE)} stops when run in an empty folder:\n{str(error)[-3000:]}")
    finally:
        os.environ.clear()
        os.environ.update(env_before)


def code_cells(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("lang", LANGS[1:])
def test_every_language_offers_the_same_code(lang):
    """Each language's notebooks: the first language's, with the same code cells in the same order."""
    require_built()
    first = {p.relative_to(SITE / LANGS[0]) for p in notebooks(LANGS[0])}
    these = {p.relative_to(SITE / lang) for p in notebooks(lang)}
    assert these == first, f"{lang}: notebooks differ from {LANGS[0]}'s: {sorted(these ^ first)}"
    for rel in sorted(first):
        assert code_cells(SITE / lang / rel) == code_cells(SITE / LANGS[0] / rel), (
            f"{lang}/{rel}: its code cells differ from {LANGS[0]}/{rel}'s")


@pytest.mark.full
def test_every_notebook_runs_in_an_empty_folder(tmp_path):
    require_built()
    lang = LANGS[0]
    found = notebooks(lang)
    assert found, f"{lang}: the site offers no notebook"
    assert ROOT not in tmp_path.parents, "the test folder must lie outside the repository"
    for path in found:
        workdir = tmp_path / path.relative_to(SITE / lang / "_sources").with_suffix("")
        workdir.mkdir(parents=True)
        run_outside(path, workdir)
