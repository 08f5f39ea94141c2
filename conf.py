"""Sphinx settings shared by the builds of every language (see README.md).

Settings only: the logic lives in the extensions under notesite/ext/. The language
comes from ``-D language=...`` (notesite/tools/sitebuild.py passes it); per-language
values come from notesite/core/languages.py, filled in by ``site_language`` once the
language is known.
"""

from pathlib import Path

# The GPU switch and the build folders. make venv installs the notesite package (editable);
# a copy of the tree built with sphinx-build run from its root imports its own notesite.
from notesite.core import paths

ROOT = Path(__file__).resolve().parent

# GPU=1 selects the GPU profile: [gpu] cells execute on CUDA (and the build stops
# at once without CUDA); it keeps its own execution cache, since device-agnostic
# cells print different things on a GPU machine.
GPU_PROFILE = paths.gpu_profile()

project = "PyTorch Notes"
author = "PyTorch Notes contributors"
copyright = "2026, PyTorch Notes contributors"

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "notesite.ext.site_language",
    # After site_language, whose config-inited fills in their strings in the page's language.
    "sphinx_exercise",
    "sphinx_togglebutton",
    "notesite.ext.exercises",
    "notesite.ext.snippet_cells",
    "notesite.ext.site_search",
    "notesite.ext.gpu_recordings",
    "notesite.ext.exec_cache",
    "notesite.ext.executed",
    "notesite.ext.link_check",
    "notesite.ext.snippet_downloads",
    "notesite.ext.practice_notebooks",
    "notesite.ext.reproducible",
    "notesite.ext.mathml",
    "notesite.ext.section_anchors",
    "notesite.ext.lean_pages",
    "notesite.ext.evidence",
    "notesite.ext.template_cache",
]

root_doc = paths.ROOT_DOC
exclude_patterns = []
templates_path = ["docs/_templates"]
# Wording for theme strings the themes leave in English (docs/_locale/<language>, languages.py).
locale_dirs = [str(ROOT / "docs" / "_locale")]
html_static_path = ["docs/_static"]
html_css_files = ["site.css"]
html_js_files = ["lang-switch.js", "theme-fixes.js"]

# MyST and MyST-NB
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
# $...$ is math only when the dollars hug the formula: "$ ls" and "5$" stay text.
myst_dmath_allow_space = False
myst_dmath_allow_digits = False
myst_heading_anchors = 0  # sections are linked by their explicit labels only
nb_execution_mode = "cache"
nb_execution_cache_path = str(paths.cache_dir(ROOT, GPU_PROFILE))
nb_execution_raise_on_error = False  # snippet_cells reports the failure at the snippet line
# The traceback goes to _build/html/<code>/reports/<page>.err.log (MyST-NB names the file);
# the build log keeps one located line per failure (snippet_cells: page:line: ERROR: file:line: error).
nb_execution_show_tb = False
nb_execution_timeout = 120
nb_execution_in_temp = True
nb_merge_streams = True
snippets_dir = "snippets"
snippets_gpu_profile = GPU_PROFILE

# Exercises (sphinx-exercise, gated form: MyST-NB executes the solution cells) and their
# solutions, folded by sphinx-togglebutton (`:class: dropdown`); see notesite/ext/exercises.py.
exercise_style = "solution_follow_exercise"  # a solution is titled "Solution", right under its exercise
togglebutton_selector = ".admonition.dropdown"  # the solutions; nothing else folds
togglebutton_open_on_print = True  # a printed page shows its solutions

# HTML
html_math_renderer = "mathml"  # MathML at build time (notesite/ext/mathml.py), not MathJax from a CDN
html_theme = "sphinx_book_theme"
html_title = "PyTorch Notes"  # replaced per language
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_favicon = "docs/_static/favicon.svg"
html_context = {
    "default_mode": "auto",  # follow the reader's light/dark setting
}
html_theme_options = {
    "article_header_end": ["lang-switch.html", "article-header-buttons.html"],
    "article_footer_items": ["snippet-downloads.html"],
    # The download menu offers the page as a notebook (.ipynb, from snippet_downloads);
    # its source-file entry is dropped, since html_copy_source=False publishes none.
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "primary_sidebar_end": ["pdf-download.html"],
}

# Copy REPL-style blocks as runnable code: the prompt regex keeps only the prompted
# lines, without their prompts (excluding .gp/.go spans instead would leave empty
# lines, and a trailing newline that runs the command on paste).
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos"
