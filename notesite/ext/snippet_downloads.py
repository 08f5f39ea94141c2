"""Sphinx extension: each page downloadable as a notebook, its snippet modules as scripts.

* Snippet modules. The modules that a page's code cells name (``:snippet:
  <file>:<region>``) are copied into the site as ``_snippets/<file>`` (``<file>``
  is the path under ``snippets/``), and the page lists them at the end of the
  article with the template ``snippet-downloads.html`` (an
  ``article_footer_items`` component). Each is a whole module, runnable as a
  script with ``python <file>``; it is saved under its flattened path (see
  ``download_name``).
* The page as a notebook. The page's executed notebook (notesite/ext/executed.py:
  MyST-NB's notebook of the page in this build's language, numbered cell ids, the
  outputs of its cached execution) is written to ``_sources/<page>.ipynb`` of its own
  site, and the theme's ``ipynb_source`` is set so that the book theme's download menu
  offers ``.ipynb`` (the theme does that by itself only when launch buttons are
  configured). Only a page with code cells offers one. The menu's source-file entry is
  dropped while ``html_copy_source`` is off, since nothing would be behind it.
* A notebook runs where a reader runs it: a page whose code runs a snippet module as a
  script (the DDP launch runs ``train_ddp.py`` with torchrun) names that module in its
  front matter, ``notebook_carries: [gpu/ddp/train_ddp.py]`` (the same in every
  language), and its notebook opens with a cell that writes the module beside itself
  (``%%writefile train_ddp.py``), after a sentence in the page's language that says so.
  Without it, a notebook downloaded into an empty folder stops where the script is
  looked for.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

import yaml
from sphinx.util import logging

from notesite.core import languages
from notesite.ext import executed
from notesite.ext import page_data
from notesite.ext import snippet_cells
from notesite.core import snippet_regions

OUT_DIR = "_snippets"  # in each site's output folder
CARRIES = "notebook_carries"  # front matter: snippet modules the page's notebook writes beside itself

logger = logging.getLogger(__name__)


def snippet_files(refs: list[str]) -> list[str]:
    """The snippet modules (paths under ``snippets/``) that references name, in their order, once each."""
    return list(dict.fromkeys(snippet_regions.split_ref(ref)[0] for ref in refs))


def download_url(pagename: str, file: str) -> str:
    """Relative URL from ``<pagename>.html`` to ``_snippets/<file>`` of the same site."""
    depth = len(PurePosixPath(pagename).parts) - 1
    return "../" * depth + f"{OUT_DIR}/{file}"


def download_name(file: str) -> str:
    """The name a downloaded module is saved under: its path, flattened.

    ``tensors/basics/dtypes.py`` is saved as ``tensors_basics_dtypes.py``: unique
    among a page's modules, and not ``types.py``, which run as a script would
    shadow the standard library's ``types`` module (``cuda.py``, the ``cuda``
    package that ``torch.cuda`` imports).
    """
    return file.replace("/", "_")


class SnippetDownloads(page_data.PageData):
    """Per page: the snippet modules it names, and, when it offers its notebook, the modules the notebook carries."""

    FIELDS = ("snippet_downloads", "snippet_carried")

    def process_doc(self, app, doctree) -> None:
        """After a page is read: note its snippet modules, and those its notebook carries."""
        env = app.env
        docname = env.docname
        files = snippet_files([cell.ref for cell in snippet_cells.page_cells(env, docname)])
        page_data.of(env, "snippet_downloads")[docname] = files
        # Only pages with code cells are notebooks worth downloading.
        if files and executed.notebook(env, docname) is not None:
            page_data.of(env, "snippet_carried")[docname] = carried_modules(app, docname)


def carried_modules(app, docname: str) -> list[tuple[str, str]]:
    """(file name, source) of each module the page's front matter says its notebook carries.

    A name that is no snippet module, or two with the same file name, stops the build at the page.
    """
    from notesite.ext import page_alignment

    source = Path(app.env.doc2path(docname))
    try:
        matter = yaml.safe_load(page_alignment.front_matter(source.read_text(encoding="utf-8")) or "") or {}
    except yaml.YAMLError:
        return []  # MyST reports malformed front matter at the page itself
    if not isinstance(matter, dict):
        return []
    files = matter.get(CARRIES) or []
    root = Path(app.confdir) / app.config.snippets_dir
    out: dict[str, str] = {}
    for file in files:
        path = root / file
        name = PurePosixPath(file).name
        if not path.is_file():
            logger.error(f"{CARRIES}: {file} is not a module under {app.config.snippets_dir}/", location=(docname, 1))
        elif name in out:
            logger.error(f"{CARRIES}: two modules named {name}", location=(docname, 1))
        else:
            out[name] = path.read_text(encoding="utf-8")
    return list(out.items())


def download_notebook(notebook, carried: list[tuple[str, str]] = (), lang=None) -> str:
    """The page's download: its executed notebook, as JSON text.

    ``carried``: (file name, source) of the modules the notebook writes beside itself,
    in cells before its first code cell, each after a sentence of ``lang`` that says so.
    """
    import nbformat

    if carried:
        first = next((i for i, c in enumerate(notebook.cells) if c.cell_type == "code"), len(notebook.cells))
        added = []
        for name, source in carried:
            added.append(nbformat.v4.new_markdown_cell(lang["notebook_carries"].format(file=name)))
            added.append(nbformat.v4.new_code_cell(f"%%writefile {name}\n{source}"))
        notebook.cells[first:first] = added
        executed.number_cells(notebook)  # the ids in order again, as every notebook of the site has them
    return nbformat.writes(notebook)


def page_context(app, pagename, templatename, context, doctree) -> None:
    """Before the theme's header buttons: the snippet links and the notebook to offer."""
    files = page_data.of(app.env, "snippet_downloads").get(pagename) or []
    lang = languages.of_sphinx(app.config.language)
    context["snippet_downloads"] = [
        {"path": f, "name": download_name(f), "url": download_url(pagename, f)} for f in files
    ]
    context["snippet_downloads_title"] = lang["downloads_title"]
    context["snippet_downloads_hint"] = lang["downloads_hint"]
    carried = page_data.of(app.env, "snippet_carried").get(pagename)
    notebook = executed.notebook(app.env, pagename) if carried is not None else None
    if notebook is not None and app.builder.format == "html":
        dest = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(download_notebook(notebook, carried, lang), encoding="utf-8")
        context["ipynb_source"] = f"{pagename}.ipynb"


def drop_dead_source_button(app, pagename, templatename, context, doctree) -> None:
    """After the theme's header buttons: no '.md' entry that links to an empty _sources/."""
    if context.get("sourcename"):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"] = [b for b in group["buttons"] if b.get("label") != "download-source-button"]


def copy_snippets(app, exception) -> None:
    """Copy every snippet module that some page names into ``_snippets/``."""
    if exception is not None or app.builder.format != "html":
        return
    root = Path(app.confdir) / app.config.snippets_dir
    pages = page_data.of(app.env, "snippet_downloads")
    for file in sorted({f for files in pages.values() for f in files}):
        source = root / file
        if source.is_file():  # a missing module has already failed the build
            dest = Path(app.outdir) / OUT_DIR / file
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)


def setup(app):
    app.setup_extension("notesite.ext.snippet_cells")  # snippets_dir, and the snippet cells of each page
    app.setup_extension("notesite.ext.executed")  # each page's executed notebook
    app.add_env_collector(SnippetDownloads)
    app.connect("html-page-context", page_context, priority=500)  # the theme's buttons: 501
    app.connect("html-page-context", drop_dead_source_button, priority=502)
    app.connect("build-finished", copy_snippets, priority=400)  # before link_check looks for them
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
