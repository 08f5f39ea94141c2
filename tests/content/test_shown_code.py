"""The code readers take away holds no doctest lines.

A page shows the regions of its snippet modules, its copy buttons copy them, its
notebook carries them, and its download links carry the whole modules. So no line of a
snippet module (a region or the module docstring) may be a doctest line (``>>>``): the
doctests live in the docstring of the package's ``__init__.py`` (for instance
``snippets/nn/modules/__init__.py``), which no page shows and no download carries, and
pytest collects them there like any other (``--doctest-plus`` in pytest.ini; conftest.py
collects an ``__init__.py`` with examples). No region is exempt, not even the contributing
page's template: that page teaches the rule (snippets/contributing/__init__.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notesite.core import snippet_regions
from tests.helpers import SNIPPETS, snippet_modules

def doctest_lines(relpath: str, root: Path = SNIPPETS) -> list[tuple[int, str]]:
    """(1-based line, place) of each ``>>>`` line of ``root/relpath``; place is its region's
    reference or "the module docstring"."""
    path = root / relpath
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = sorted((region.first_line, f"{relpath}:{name}") for name, region in snippet_regions.parse_regions(path).items())
    found = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(">>>"):
            place = next((ref for first, ref in reversed(starts) if number >= first), "the module docstring")
            found.append((number, place))
    return found


@pytest.mark.parametrize("module", snippet_modules())
def test_no_doctest_lines_in_code_readers_take_away(module):
    bad = [f"snippets/{module}:{number} ({place})" for number, place in doctest_lines(module)]
    assert bad == [], (
        "doctest lines in code that pages show or downloads carry; move the examples to the docstring "
        f"of the package's __init__.py: {bad}"
    )


def test_the_check_sees_a_doctest_in_a_region_and_in_the_module_docstring(tmp_path):
    module = tmp_path / "example.py"
    module.write_text('"""Doc.\n\n>>> 1 + 1\n2\n"""\n# %% first\nx = 1\n# %% second\ndef f():\n    """\n    >>> f()\n    """\n',
                      encoding="utf-8")
    assert doctest_lines("example.py", tmp_path) == [(3, "the module docstring"), (11, "example.py:second")]
