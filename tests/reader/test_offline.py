"""Every page loads from localhost alone, without errors.

Every request goes to the local server (or is a data:/blob: URL), every response
succeeds, the console shows no error or warning and the page throws no exception
(``sweeps.offline_problems``). Here, the fast tier: the sample pages and the root pages
(landing page, 404 page), each in one colour scheme, the languages (and the two root pages)
taking turns (``tests.browser.fast_scheme``: the first language's sample and the 404 page in
light mode, the other language's sample and the landing page in dark mode). The full tier
checks every page of both languages and the root pages, in light and in dark mode (the
theme's mode handling logs errors of its own when misconfigured), in
tests/reader/test_page_sweep.py: one load per page and colour scheme for all the per-page checks.
"""

from __future__ import annotations

import pytest

from tests.browser import fast_scheme, is_sample, open_page, site_pages
from tests.reader.sweeps import Recorder, offline_problems, problem_report

pytestmark = pytest.mark.browser

PATHS = [p for p in site_pages() if is_sample(p)]  # both languages' samples and the root pages


@pytest.mark.parametrize("path,scheme", [(path, fast_scheme(path)) for path in PATHS])
def test_page_is_offline_and_error_free(new_context, base_url, path, scheme):
    tab = open_page(new_context, None, scheme=scheme)
    recorder = Recorder(tab, base_url)
    tab.goto(path, wait_until="networkidle")
    tab.close()  # closed by hand: what the closing tab still reports counts too
    problems = offline_problems(recorder, tab, path)
    assert problems == [], problem_report(problems)
