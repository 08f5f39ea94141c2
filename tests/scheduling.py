"""How the tests are shared between pytest-xdist workers: a pytest plugin (conftest.py loads it).

The Makefile runs ``pytest -n 2 --dist loadfile``: each test file runs whole in one worker, so
its module fixtures are built once. Some files share an expensive session fixture and must
run in the same worker, or each worker builds its own; this module groups them into one work
unit and starts the longest units first.

Why not xdist's own ``--dist loadgroup`` with ``@pytest.mark.xdist_group``: loadgroup passes
the group by rewriting each test's node id (``test_a.py::test@group``), which pytest 9.2 no
longer lets it do; the groups are then silently ignored and the files split across workers
(pytest-dev/pytest-xdist issue 1386, "--dist=loadgroup silently stops grouping on pytest
main: the nodeid mutation no longer takes effect"; fix proposed in pull request 1388, open
as of pytest-xdist 3.8.0, the pinned release). So the scope is computed here, from the file
name, with xdist's ``pytest_xdist_make_scheduler`` hook and its ``LoadScopeScheduling``
(``_split_scope`` is the method its subclasses override). When that fix is released, the
groups below can become ``xdist_group`` marks and this module can go.
"""

from __future__ import annotations


import pytest

# Test files that share an expensive session fixture run in one pytest-xdist worker together
# (below), since each worker builds its own: the files that run
# HEAVY_MODULES in process (each slow module then runs once per session, not once per
# worker), and the files that use the mini-site (built once per worker, clean).
SNIPPET_HEAVY_FILES = frozenset({"tests/content/test_snippets_run.py", "tests/content/test_models.py",
                                 "tests/content/test_gpu.py", "tests/content/test_data.py"})
MINI_SITE_FILES = frozenset({"tests/build/test_build_behaviour.py", "tests/build/test_snippet_downloads.py",
                             "tests/build/test_evidence.py"})


def work_unit(nodeid: str) -> str:
    """What one pytest-xdist worker runs whole: a test file, or one of the file groups above."""
    file = nodeid.split("::", 1)[0]  # the file's path from the rootdir, e.g. tests/build/test_pdf.py
    return "snippet-modules" if file in SNIPPET_HEAVY_FILES else "mini-site" if file in MINI_SITE_FILES else file


# The work units in order of their time in the full tier, longest first (seconds on two busy
# cores, make test-all of 2026-12-07, second run: the page sweep 193, the snippet modules 162
# (150 once the start-method notebook ran in one kernel), exercises 137, the notebooks run anywhere
# 113, the mini-site 100, the PDFs 74, the full build 49, search 37, the copy buttons 29, the
# answered practice notebooks 28, the formulas and the language switch 24 each, the downloads 23
# ...): each worker takes the next unit when it is free, so the longest first keeps the two
# workers finishing together (with the order of the files, one finished 90 s before the other).
# In the fast tier the mini-site and search are the longest, and come early enough. Any order is
# correct.
SLOW_FIRST = ("tests/reader/test_page_sweep.py", "snippet-modules", "tests/reader/test_exercises.py",
              "tests/build/test_notebooks_run_anywhere.py", "mini-site", "tests/build/test_pdf.py",
              "tests/build/test_full_build.py", "tests/reader/test_search_bench.py", "tests/reader/test_copybutton.py",
              "tests/build/test_practice_notebooks.py", "tests/build/test_math.py", "tests/reader/test_lang_switch.py",
              "tests/reader/test_downloads.py", "tests/build/test_html_valid.py", "tests/build/test_languages.py",
              "tests/build/test_gpu_profile.py", "tests/reader/test_layout.py", "tests/reader/test_lean_pages.py",
              "tests/reader/test_page_weight.py", "tests/reader/test_fixtures.py")


def run_order(nodeid: str) -> int:
    """Sort key of a test: its work unit's place in SLOW_FIRST, the rest after them."""
    unit = work_unit(nodeid)
    return SLOW_FIRST.index(unit) if unit in SLOW_FIRST else len(SLOW_FIRST)



def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: run_order(item.nodeid))  # the longest work units first (stable)


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook; -p no:xdist runs without it
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` (the Makefile's), with the file groups above as one unit each."""
    if config.getvalue("dist") != "loadfile":
        return None
    config.option.loadscopereorder = False  # keep the collection's order: SLOW_FIRST first
    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return FileScheduling(config, log)
