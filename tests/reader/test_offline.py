"""Every page loads from localhost alone, without errors.

Every request goes to the local server (or is a data:/blob: URL), every response
succeeds, the console shows no error or warning and the page throws no exception
(``sweeps.offline_problems``). Here, the fast tier: the sample pages and the root pages
(landing page, 404 page) in light mode. The full tier checks every page of both
languages and the root pages, in light and in dark mode (the theme's mode handling logs
errors of its own when misconfigured), in tests/reader/test_page_sweep.py: one load per page
and colour scheme for all the per-page checks.
"""

from __future__ import annotations

import pytest

from tests.browser import is_sample, site_pages
from tests.reader.sweeps import Recorder, offline_problems, problem_report

pytestmark = pytest.mark.browser

PAGES = [p for p in site_pages() if is_sample(p)]  # both languages' samples and the root pages


@pytest.fixture(scope="module", params=["light"])
def context(site, request):
    url, browser = site
    context = browser.new_context(color_scheme=request.param)
    yield url, context
    context.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_is_offline_and_error_free(context, page):
    url, ctx = context
    tab = ctx.new_page()
    recorder = Recorder(tab, url)
    tab.goto(f"{url}/{page}", wait_until="networkidle")
    tab.close()  # what the closing tab still reports counts too
    problems = offline_problems(recorder, tab, page)
    assert problems == [], problem_report(problems)
