"""Every page passes an axe-core WCAG 2.1 A/AA audit, in light and in dark mode (full tier).

axe-core is the copy bundled by axe-playwright-python (pinned in requirements.txt), so
its version, and with it the rules, change only on purpose: a new axe may report
a rule the pinned one does not (4.14 reports label-content-name-mismatch on the theme's
search button).
"""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from browser import site_pages

pytestmark = [pytest.mark.browser, pytest.mark.full]

AXE_VERSION = "4.12.1"  # the axe-core bundled by axe-playwright-python 0.1.8
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def test_the_pinned_axe_is_the_bundled_one():
    bundled = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")[:200]
    assert re.search(r"axe v(\S+)", bundled).group(1) == AXE_VERSION


@pytest.fixture(scope="module", params=["light", "dark"])
def context(site, request):
    url, browser = site
    context = browser.new_context(color_scheme=request.param)
    yield url, context
    context.close()


@pytest.mark.parametrize("page", site_pages())
def test_page_has_no_wcag_aa_violation(context, page):
    from axe_playwright_python.sync_playwright import Axe

    url, ctx = context
    tab = ctx.new_page()
    tab.goto(f"{url}/{page}", wait_until="load")
    results = Axe().run(tab, options=WCAG_AA)
    tab.close()
    violations = results.response["violations"]
    assert violations == [], f"{page}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
