"""Links between the two language sites of the built site resolve (docs/_ext/link_check.py).

Each build checks its own pages' links; the links from one language to the other
(the language switch, the landing page) can only be checked once both are built.
"""

from __future__ import annotations

from browser import SITE, require_built
from link_check import broken_links


def test_links_between_the_two_sites_resolve():
    require_built()
    problems = broken_links(SITE / "zh", (SITE / "en",)) + broken_links(SITE / "en", (SITE / "zh",))
    assert problems == []
