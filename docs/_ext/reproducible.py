"""Two builds of the same sources give the same pages, clean or incremental.

MyST-NB copies its stylesheet (``_static/mystnb.<hash>.css``) only when the build
has finished, and Sphinx adds a checksum (``?v=…``) to a stylesheet link only when
the file is already in the output folder as the page is written: pages written by
a clean build linked the file without it, pages rewritten later with it. The
stylesheet is copied here as the builder starts, so every page links it the same way.
"""

from __future__ import annotations

from pathlib import Path


def copy_mystnb_css(app) -> None:
    if app.builder.format != "html":
        return
    from myst_nb import sphinx_ext

    (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    sphinx_ext.add_global_html_resources(app, None)  # the copy MyST-NB makes at build-finished


def setup(app):
    app.setup_extension("myst_nb")
    app.connect("builder-inited", copy_mystnb_css)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


