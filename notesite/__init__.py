"""The machinery of the site, in three layers; each imports only the layers above it here.

* ``notesite.core``: where things are (``paths``: the repository, the build folders, the
  GPU switch), the languages (``languages``), the one reader of the pages' MyST Markdown
  (``markdown``), the one reader of built pages (``htmlpages``), and the snippet modules'
  regions and the pages' references to them (``snippet_regions``). Imports no other part
  of notesite.
* ``notesite.ext``: the Sphinx extensions that conf.py lists. Import core and each other.
* ``notesite.tools``: what the Makefile runs (``sitebuild``: every build; ``serve``,
  ``pdf``, ``bench``, ``page_weight``, ``search_bench``, ``translations``). Import core
  and ext.

Nothing here imports the tests. ``make venv`` installs the package in editable mode
(pyproject.toml), so an edit here takes effect without reinstalling.
"""
