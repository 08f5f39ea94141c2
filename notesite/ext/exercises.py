"""Sphinx extension: exercises whose solutions are hidden until the reader asks (issue 25).

The blocks are sphinx-exercise's (``{exercise}``, and the gated ``{solution-start}`` /
``{solution-end}``, between which MyST-NB executes the code cells), and a solution with
``:class: dropdown`` is folded by sphinx-togglebutton. conf.py enables both and holds
their settings; their words come in the page's language from elsewhere: the blocks'
titles from sphinx-exercise's catalogue and ``docs/_locale`` (``site_language``
registers it), the toggle's hint from ``notesite/core/languages.py``
(``togglebutton_hint``, ``togglebutton_hint_hide``, set by ``site_language``).

This extension:

* loads the blocks' stylesheets and scripts (sphinx-exercise's and sphinx-togglebutton's,
  and ``_static/exercises.js``) only on the pages that show an exercise or a solution:
  the other pages are as light as before;
* turns the body of each block, a ``<section id="exercise-content">`` (or
  ``solution-content``), the same id on every block, into a ``<div>`` without an id:
  one page must not hold an id twice, and a section without a heading is no section;
* numbers the exercises page by page (Exercise 1, 2, … on each page): sphinx-exercise
  numbers them as figures, and Sphinx counts figures across the whole project when the
  toctree is not numbered, so the gpu page would start at "Exercise 27";
* puts sphinx-exercise's stylesheet among the static files, so that every build (a clean one
  too) links it with its checksum;
* ``_static/exercises.js`` gives the toggle button an accessible name in the page's
  language: sphinx-togglebutton's script names every button "Toggle hidden content", in
  English; the name becomes the button's visible hint ("显示解答" / "Show solution"),
  and follows it when the button is pressed.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes

SCRIPT = "exercises.js"
# What sphinx-exercise and sphinx-togglebutton add to every page (app.add_css_file / add_js_file).
ASSET_FILES = ("exercise.css", "togglebutton.css", "togglebutton.js")
# sphinx-togglebutton's inline scripts: the variables togglebutton.js reads.
ASSET_BODIES = ("let toggleHintShow", "let toggleHintHide", "let toggleOpenOnPrint", "var togglebuttonSelector")


def is_block_asset(asset) -> bool:
    """Whether a page's stylesheet or script is one of the packages' (Sphinx lists them as ``_static/<name>``)."""
    filename = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", "") or "")
    return posixpath.basename(filename) in ASSET_FILES or body.startswith(ASSET_BODIES)


def has_blocks(doctree) -> bool:
    """Whether a page shows an exercise or a solution (sphinx-exercise's nodes)."""
    from sphinx_exercise.nodes import is_extension_node

    return doctree is not None and any(True for _ in doctree.findall(is_extension_node))


def unsection_bodies(app, doctree) -> None:
    """Each block's body (sphinx-exercise's section with a fixed id) as a plain container."""
    from sphinx_exercise.nodes import is_extension_node

    for block in list(doctree.findall(is_extension_node)):
        for child in list(block.children):
            if isinstance(child, nodes.section) and child["ids"] in (["exercise-content"], ["solution-content"]):
                body = nodes.container(classes=[child["ids"][0]])
                body.extend(child.children)
                child.parent.replace(child, body)  # not replace_self, which copies the section's ids


def number_per_page(app, builder) -> None:
    """Exercise numbers restarted on each page, in the order Sphinx numbered them (the page's order).

    Sphinx numbers the exercises across the whole site (TocTreeCollector rebuilds
    ``env.toc_fignumbers`` on every build, and asks for the pages whose numbers changed to be
    written again). This runs on write-started: after the environment is pickled with Sphinx's
    own numbers, before any page is written or any reference to an exercise resolved. A build
    with no change then finds the same numbers as the last one and writes no page again;
    renumbering on env-get-updated instead made every page with exercises look changed to the
    next build.
    """
    for numbers in builder.env.toc_fignumbers.values():
        exercises = numbers.get("exercise")
        if exercises:
            in_order = sorted(exercises, key=exercises.get)
            numbers["exercise"] = {node_id: (n,) for n, node_id in enumerate(in_order, start=1)}


def page_assets(app, pagename, templatename, context, doctree) -> None:
    """The blocks' assets on the pages that have blocks, and on no other page."""
    if has_blocks(doctree):
        app.add_js_file(SCRIPT, loading_method="defer")
        return
    # In place: the lists are the builder's, which other handlers' app.add_js_file() extend for
    # this page (site_search's scripts on the search page), and which Sphinx restores for the next.
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if not is_block_asset(asset)]


def static_files(app, config) -> None:
    """sphinx-exercise's stylesheet among the static files, which Sphinx copies before it writes
    the pages and links with a ``?v=<checksum>``: sphinx-exercise itself copies it only when the
    build finishes, so a clean build linked it without one, and a rebuild with one."""
    import sphinx_exercise

    folder = str(Path(sphinx_exercise.__file__).parent / "assets" / "html")  # exercise.css alone
    if folder not in config.html_static_path:
        config.html_static_path.append(folder)


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.connect("config-inited", static_files)
    app.setup_extension("sphinx_togglebutton")
    app.connect("doctree-read", unsection_bodies)
    app.connect("write-started", number_per_page)
    app.connect("html-page-context", page_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

