"""Every page passes an axe-core WCAG 2.1 A/AA audit, in light and in dark mode (full tier).

The audit itself (``sweeps.axe_problems``) runs on every page of both languages and the
root pages, in both colour schemes, in tests/test_page_sweep.py: on the one load per page
and colour scheme that all the per-page checks share.

axe-core is the copy bundled by axe-playwright-python (pinned in requirements.txt), so
its version, and with it the rules, change only on purpose: a new axe may report
a rule the pinned one does not (4.14 reports label-content-name-mismatch on the theme's
search button).
"""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.full]

AXE_VERSION = "4.12.1"  # the axe-core bundled by axe-playwright-python 0.1.8


def test_the_pinned_axe_is_the_bundled_one():
    bundled = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")[:200]
    assert re.search(r"axe v(\S+)", bundled).group(1) == AXE_VERSION
