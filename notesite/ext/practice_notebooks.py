"""Sphinx extension: a practice notebook for every page with exercises (issue 25).

The page's exercises, with the code they start from and an empty cell under each, as a
notebook a reader downloads and works in: ``_practice/<page>.ipynb`` of each language's
site, offered in the page's download menu beside the page's own notebook.

It is made from the page's executed notebook (notesite/ext/executed.py: the cells as
executed, each code cell naming its snippet region), from the page's Exercises section on
(``(<page label>-exercises)=``):

* the prose and the setup cells stay, as code to run (without outputs: the reader runs it);
* each ``{exercise}`` block becomes its text under a bold "Exercise" in the page's
  language, followed by an empty code cell whose metadata names the exercise's label and
  the solution regions it stands for (``practice: {exercise, solutions}``), so that a test
  can fill it and run the notebook;
* each gated solution (``{solution-start}`` to ``{solution-end}``: its cells and prose)
  is left out: the page has it.

A page whose exercises section has an exercise without a solution, or a solution for no
exercise, fails the build at the page. The notebook's markdown cells (the page's Markdown
between two code cells) are read with ``notesite.core.markdown``, as MyST reads the page.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

from notesite.core import languages
from notesite.core import markdown
from notesite.ext import executed
from notesite.ext import page_data

logger = logging.getLogger(__name__)

OUT_DIR = "_practice"  # in each site's output folder
BLOCKS = ("exercise", "solution-start", "solution-end")


class PracticeNotebooks(page_data.PageData):
    """Per page: its practice notebook (JSON text), when it has exercises."""

    FIELDS = ("practice_notebooks",)

    def process_doc(self, app, doctree) -> None:
        env = app.env
        notebook = executed.notebook(env, env.docname)
        if notebook is None:
            return
        lang = languages.of_sphinx(app.config.language)
        try:
            practice = practice_notebook(notebook, lang)
        except ValueError as error:
            logger.error(f"practice notebook: {error}", location=(env.docname, 1))
            return
        if practice is not None:
            page_data.of(env, "practice_notebooks")[env.docname] = practice


def practice_notebook(page, lang) -> str | None:
    """The practice notebook of the page whose executed notebook is ``page``; None without exercises."""
    import nbformat

    stream = []  # ("md", text) and ("code", cell), in page order
    for cell in page.cells:
        stream.append(("md", cell.source) if cell.cell_type == "markdown" else ("code", cell))
    for i, (kind, item) in enumerate(stream):
        start = exercises_start(item) if kind == "md" else None
        if start is not None:
            stream[i] = ("md", item[start:])
            stream = stream[i:]
            break
    else:
        return None
    exercises, in_solution, solutions_of = {}, None, {}
    out_cells = [nbformat.v4.new_markdown_cell(lang["practice_intro"].format(title=page_title(page)))]
    for kind, item in stream:
        if kind == "code":
            if in_solution:
                solutions_of.setdefault(in_solution, []).append(executed.ref_of(item) or "")
            else:
                cell = nbformat.v4.new_code_cell(item.source)
                cell.metadata = dict(item.metadata)
                out_cells.append(cell)
            continue
        # A markdown cell of the notebook: the page's Markdown between two code cells.
        text, kept, pos = item, [], 0
        for block, start, end in block_spans(text):
            if start < pos:
                continue
            if in_solution:
                if block.name == "solution-end":
                    in_solution, pos = None, end
                continue
            if block.name == "solution-end":
                continue
            kept.append(text[pos:start])
            if block.name == "exercise":
                label = block.options.get("label")
                if not label:
                    raise ValueError("an {exercise} without a :label:")
                flush(kept, out_cells)
                out_cells.append(nbformat.v4.new_markdown_cell(f"**{lang['practice_exercise']}** {block.body.strip()}"))
                answer = nbformat.v4.new_code_cell(lang["practice_answer"])
                answer.metadata["practice"] = {"exercise": label, "solutions": []}
                out_cells.append(answer)
                exercises[label] = answer
            else:
                in_solution = block.argument.split()[0] if block.argument.split() else ""
            pos = end
        if not in_solution:
            kept.append(text[pos:])
        flush(kept, out_cells)
    if not exercises:
        return None
    for target, refs in solutions_of.items():
        if target not in exercises:
            raise ValueError(f"a solution for {target}, which is no exercise of the page")
        exercises[target].metadata["practice"]["solutions"] = refs
    missing = [label for label, cell in exercises.items() if not cell.metadata["practice"]["solutions"]]
    if missing:
        raise ValueError(f"exercises without a solution cell: {', '.join(missing)}")
    notebook = nbformat.v4.new_notebook(cells=out_cells, metadata={"kernelspec": page.metadata.get("kernelspec")})
    executed.number_cells(notebook)  # fixed ids: two builds write the same file
    return nbformat.writes(notebook)


def page_title(notebook) -> str:
    """The page's title: the first level-1 heading of its markdown cells."""
    for cell in notebook.cells:
        for heading in markdown.parse(cell.source).headings if cell.cell_type == "markdown" else ():
            if heading.level == 1:
                return heading.title.strip()
    return ""


def exercises_start(text: str) -> int | None:
    """Where the exercises section starts in a markdown cell: its ``(<page>-exercises)=`` label."""
    page = markdown.parse(text)
    return next((page.offset(line) for label, line in page.targets if label.endswith("-exercises")), None)


def block_spans(text: str) -> list[tuple[markdown.Directive, int, int]]:
    """The exercise and solution blocks of a markdown cell, each with its offsets (fences included)."""
    page = markdown.parse(text)
    lines = text.split("\n")
    return [(d, page.offset(d.line), page.offset(d.end) + len(lines[d.end - 1]))
            for d in page.directives if d.parent is None and d.name in BLOCKS]


def flush(kept: list[str], out_cells: list) -> None:
    """The prose gathered so far as one markdown cell (labels and blank runs dropped)."""
    import nbformat

    text = "".join(kept)
    kept.clear()
    lines = text.split("\n")
    dropped = set()
    for _, line in markdown.parse(text).targets:  # each label line, and the blank lines after it
        n = line - 1
        while n < len(lines) and (n == line - 1 or not lines[n].strip()):
            dropped.add(n)
            n += 1
    text = "\n".join(line for n, line in enumerate(lines) if n not in dropped).strip()
    if text:
        out_cells.append(nbformat.v4.new_markdown_cell(text))


def download_url(pagename: str) -> str:
    return f"{OUT_DIR}/{pagename}.ipynb"


def write_and_offer(app, pagename, templatename, context, doctree) -> None:
    """Write the page's practice notebook and add it to the download menu, after the page's notebook."""
    practice = page_data.of(app.env, "practice_notebooks").get(pagename)
    if practice is None or app.builder.format != "html":
        return
    dest = Path(app.outdir) / download_url(pagename)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(practice, encoding="utf-8")
    lang = languages.of_sphinx(app.config.language)
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            buttons = group["buttons"]
            after = next((i + 1 for i, b in enumerate(buttons) if b.get("label") == "download-notebook-button"),
                         len(buttons))
            buttons.insert(after, {
                "type": "link",
                "url": f"{context['pathto'](OUT_DIR, 1)}/{pagename}.ipynb",
                "text": lang["practice_button"],
                "icon": "fas fa-code",
                "tooltip": lang["practice_tooltip"],
                "label": "download-practice-button",
            })


def setup(app):
    app.setup_extension("notesite.ext.snippet_downloads")  # the page's notebook in the download menu
    app.setup_extension("notesite.ext.executed")  # each page's executed notebook
    app.add_env_collector(PracticeNotebooks)
    app.connect("html-page-context", write_and_offer, priority=503)  # after the theme's buttons (501)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
