"""Every page loads from localhost alone, without errors.

For every page of both languages, plus the landing page and the 404 page (the
fast tier: the sample pages, in light mode): every request goes to the local server (or is a
data:/blob: URL), every response succeeds, and the console shows no error and
the page throws no exception. Checked in light and in dark mode, since the
theme's mode handling logs errors of its own when misconfigured.
"""

from __future__ import annotations

import pytest

from browser import site_pages, tiered

pytestmark = pytest.mark.browser

PAGES = site_pages()  # both languages and the root pages


@pytest.fixture(scope="module", params=["light", pytest.param("dark", marks=pytest.mark.full)])
def context(site, request):
    url, browser = site
    context = browser.new_context(color_scheme=request.param)
    yield url, context
    context.close()


@pytest.mark.parametrize("page", tiered(PAGES))
def test_page_is_offline_and_error_free(context, page):
    url, ctx = context
    tab = ctx.new_page()
    requests, failed, console, exceptions = [], [], [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    tab.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url}: HTTP {r.status}"))
    tab.on("console", lambda m: m.type in ("error", "warning") and console.append(f"{m.type}: {m.text} ({m.location.get('url')})"))
    tab.on("pageerror", lambda e: exceptions.append(str(e)))
    tab.goto(f"{url}/{page}", wait_until="networkidle")
    if page == "index.html":  # the landing page may redirect a returning reader; this one is new
        assert tab.url == f"{url}/index.html"
    tab.close()
    foreign = [r for r in requests if not (r.startswith(url + "/") or r.startswith(("data:", "blob:")))]
    assert foreign == [], f"{page} requests other hosts"
    assert failed == [], f"{page}: failed requests"
    assert console == [], f"{page}: console errors or warnings"
    assert exceptions == [], f"{page}: uncaught exceptions"
