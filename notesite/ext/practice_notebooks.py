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
exercise, fails the build at the page.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

from notesite.core import languages
from notesite.ext import executed
from notesite.ext import page_data

logger = logging.getLogger(__name__)

OUT_DIR = "_practice"  # in each site's output folder
EXERCISES_LABEL = re.compile(r"^\(([\w-]+-exercises)\)=\s*$", re.M)
EXERCISE = re.compile(r"^:::\{exercise\}[^\n]*\n(?P<body>.*?)^:::\s*$", re.M | re.S)
LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.M)
OPTION = re.compile(r"^:\w+:.*$\n?", re.M)
SOLUTION_START = re.compile(r"^:::\{solution-start\}\s*(?P<target>\S+)[^\n]*\n.*?^:::\s*$", re.M | re.S)
SOLUTION_END = re.compile(r"^:::\{solution-end\}[^\n]*\n:::\s*$", re.M)


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
        if kind == "md" and (m := EXERCISES_LABEL.search(item)):
            stream[i] = ("md", item[m.start():])
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
        text, pos, kept = item, 0, []
        while pos < len(text):
            if in_solution:
                end = SOLUTION_END.search(text, pos)
                if not end:
                    break
                in_solution, pos = None, end.end()
                continue
            starts = [m for m in (EXERCISE.search(text, pos), SOLUTION_START.search(text, pos)) if m]
            if not starts:
                kept.append(text[pos:])
                break
            first = min(starts, key=lambda m: m.start())
            kept.append(text[pos:first.start()])
            if first.re is EXERCISE:
                label = LABEL.search(first.group("body"))
                if not label:
                    raise ValueError("an {exercise} without a :label:")
                body = OPTION.sub("", first.group("body")).strip()
                flush(kept, out_cells)
                out_cells.append(nbformat.v4.new_markdown_cell(f"**{lang['practice_exercise']}** {body}"))
                answer = nbformat.v4.new_code_cell(lang["practice_answer"])
                answer.metadata["practice"] = {"exercise": label.group(1), "solutions": []}
                out_cells.append(answer)
                exercises[label.group(1)] = answer
            else:
                in_solution = first.group("target")
            pos = first.end()
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
    for cell in notebook.cells:
        for line in cell.source.splitlines() if cell.cell_type == "markdown" else ():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def flush(kept: list[str], out_cells: list) -> None:
    """The prose gathered so far as one markdown cell (labels and blank runs dropped)."""
    import nbformat

    text = re.sub(r"^\([\w-]+\)=\s*$\n?", "", "".join(kept), flags=re.M).strip()
    kept.clear()
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
