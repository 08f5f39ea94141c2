"""Every page's notebook download runs where a reader runs it (issue 25, item 6).

Full tier: the first language's downloadable notebooks (``_build/html/<code>/_sources/**.ipynb``,
what the download menu offers) are copied into an empty folder outside the repository
and run top to bottom in a fresh kernel of the pinned packages: no ``snippets`` package
on the path, no ``PYTHONPATH``, no site profile (the warning gate is the build's, not the
reader's). A cell that raises fails the test, naming the notebook and the cell; so does a cell
whose outputs differ from its page's (the build's, kept in the notebook): a page must show
what its code prints wherever it runs. Every
other language's notebook has the same code cells in the same order (checked, fast
tier), so it runs as its twin does: its prose is all that differs. ([gpu] cells are not
in the notebooks: their pages show a recording or a note instead.)

Fast tier: the mechanism that makes the GPU page's notebook self-contained: the page's
front matter names the module its DDP launch runs as a script (``notebook_carries``),
and the notebook writes that module, byte for byte, before its first code cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from notesite.ext import page_alignment
from notesite.ext import snippet_downloads
import yaml
from tests.browser import SITE, require_built
from tests.helpers import LANGS, ROOT, readers_environment

pytestmark = pytest.mark.build


# A cell may run as long as it may in the build (conf.py's nb_execution_timeout), no longer.
CELL_TIMEOUT = eval_config_file(ROOT / "conf.py", Tags())["nb_execution_timeout"]


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


def run_outside(path: Path, workdir: Path, name: str | None = None) -> nbformat.NotebookNode:
    """Run a notebook copied into ``workdir``, in a fresh kernel that sees nothing of the repository;
    return it executed.

    ``name``: the notebook as failures name it (by default its path in the site)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    copy = workdir / path.name
    shutil.copyfile(path, copy)
    notebook = nbformat.read(copy, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    try:
        with readers_environment():  # a reader's kernel: no profile, path or kernel specification of the site
            # shutdown_kernel="immediate": the kernel is stopped once every cell has answered; a graceful
            # stop waits up to 2.5 s when ipykernel's control thread does not exit (posit-dev/positron#7142).
            client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                    shutdown_kernel="immediate", resources={"metadata": {"path": str(workdir)}})
            client.execute(cwd=str(workdir))
        return notebook
    except CellExecutionError as error:
        pytest.fail(f"{name or path.relative_to(SITE)} stops when run in an empty folder:\n{str(error)[-3000:]}")


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


def shown(outputs) -> tuple:
    """A code cell's outputs as its page shows them: what went to each stream, in one text (MyST-NB
    merges a cell's stream outputs; where a kernel cuts the text into messages, and where they fall
    among the other outputs, depends on timing: the build's kernels send each stream once, at the
    cell's end, docs/_ipython), and the data of every other output in order; counts and metadata aside."""
    streams: dict[str, str] = {}
    others: list[tuple] = []
    for output in outputs:
        if output.output_type == "stream":
            streams[output.name] = streams.get(output.name, "") + output.text
        elif output.output_type == "error":
            others.append(("error", output.ename, output.evalue))
        else:  # an execute_result shows as a display_data does
            others.append(("data", dict(output.data)))
    return sorted(streams.items()), others


def differences(built: nbformat.NotebookNode, ran: nbformat.NotebookNode, added: int, name: str) -> list[str]:
    """The code cells whose outputs differ between the built notebook and its run (``added``: the
    download's own first cells, which write the carried modules and are not on the page)."""
    pairs = list(zip(*([c for c in nb.cells if c.cell_type == "code"] for nb in (built, ran))))[added:]
    return [f"{name}, code cell {added + i + 1}:\n  page: {str(shown(a.outputs))[:600]}\n  run:  {str(shown(b.outputs))[:600]}"
            for i, (a, b) in enumerate(pairs) if shown(a.outputs) != shown(b.outputs)]


@pytest.mark.full
def test_every_notebook_runs_in_an_empty_folder(tmp_path):
    """Each notebook runs top to bottom, and each code cell prints and shows what its page shows:
    the build's outputs again, in another folder, a fresh kernel and a reader's environment (the
    executions' half of "two builds give identical pages"; tests/build/test_full_build.py has the
    pages' half)."""
    require_built()
    lang = LANGS[0]
    found = notebooks(lang)
    assert found, f"{lang}: the site offers no notebook"
    assert ROOT not in tmp_path.parents, "the test folder must lie outside the repository"
    differ = []
    for path in found:
        rel = path.relative_to(SITE / lang / "_sources")
        workdir = tmp_path / rel.with_suffix("")
        workdir.mkdir(parents=True)
        ran = run_outside(path, workdir)
        built = nbformat.read(path, as_version=4)
        differ += differences(built, ran, len(carried(rel.with_suffix(".md").as_posix())), f"{lang}/{rel}")
    assert differ == [], "outputs differ from the page's when the notebook runs again:\n" + "\n".join(differ)


def test_a_changed_output_is_found():
    """``differences`` finds a changed output; a stream cut into messages, in another order among the
    other outputs, is the same output."""
    def notebook(*outputs):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)", outputs=list(outputs))])

    def stream(text, name="stdout"):
        return nbformat.v4.new_output("stream", name=name, text=text)

    def picture(png):
        return nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})

    built = notebook(picture("AAAA"), stream("tensor([1, 2])\n"), stream("warned\n", "stderr"))
    cut = notebook(stream("tensor([1, "), stream("warn", "stderr"), picture("AAAA"), stream("2])\n"), stream("ed\n", "stderr"))
    assert differences(built, cut, 0, "page") == []
    changed = notebook(picture("AAAA"), stream("tensor([1, 3])\n"), stream("warned\n", "stderr"))
    [found] = differences(built, changed, 0, "page")
    assert found.startswith("page, code cell 1:") and "tensor([1, 2])" in found and "tensor([1, 3])" in found
    assert differences(built, notebook(picture("AAAB"), stream("tensor([1, 2])\n"), stream("warned\n", "stderr")), 0, "p")
    assert differences(built, changed, 1, "page") == []  # the download's own first cell is not compared
