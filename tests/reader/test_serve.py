"""`make serve` serves the built site with a 404 page in every language for missing URLs.

The server is notesite/tools/serve.py (the browser tests use the same one); the
404 page is the template docs/_root/404.html, rendered for the languages of
notesite/core/languages.py into the site root by `make html` (sitebuild.write_root_pages).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from notesite.core import languages
from notesite.tools import sitebuild
from tests.browser import SITE
from tests.helpers import LANGS, ROOT

SERVE = ("-m", "notesite.tools.serve")  # as make serve runs it
# A missing path, and what the 404 page offers to search for.
# At the root, in the first language's chapter folder, under a folder of the last language.
MISSING = {"/no-such-page.html": "no%20such%20page", f"/{LANGS[0]}/tensors/no_such_page.html": "no%20such%20page",
           f"/{LANGS[-1]}/nested/missing/": "missing"}


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_404_page_is_in_the_built_site():
    built = SITE / "404.html"
    assert built.is_file(), "make html renders docs/_root/404.html into _build/html/404.html"
    assert built.read_text(encoding="utf-8") == sitebuild.render_root_page(ROOT, "404.html"), (
        "_build/html/404.html is not docs/_root/404.html rendered for the languages now declared: run `make html`")


def test_make_serve_runs_the_site_server():
    """The Makefile's serve target runs notesite.tools.serve on $(PORT) for $(BUILD)/html."""
    out = subprocess.run(
        ["make", "-n", "serve", f"VENV={sys.prefix}", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "-m notesite.tools.serve --port 8123 _build/html" in out, out


def test_server_script_answers_missing_urls_with_the_404_page():
    """Run the script as `make serve` does (a subprocess on a port) and ask it for pages."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, *SERVE, "--port", str(port), str(SITE)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True
    )
    try:
        assert "Serving" in proc.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        status, _, body = fetch(f"{base}/{LANGS[-1]}/index.html")
        assert status == 200 and "PyTorch" in body
        not_found = (SITE / "404.html").read_text(encoding="utf-8")
        for path in MISSING:
            status, ctype, body = fetch(base + path)
            assert status == 404, path
            assert ctype.startswith("text/html") and body == not_found, path
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_gzip_answers_follow_the_file(tmp_path):
    """A text file goes out gzip-compressed to a client that asks for it, and an edited file goes
    out as it is now (the server keeps each compressed file, per version), as it does uncompressed."""
    import gzip
    import os

    from notesite.tools import serve

    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    script = tmp_path / "site.js"

    def get(gzipped: bool) -> str:
        request = urllib.request.Request(f"{url}/site.js", headers={"Accept-Encoding": "gzip"} if gzipped else {})
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
            assert (answer.headers.get("Content-Encoding") == "gzip") == gzipped
            return (gzip.decompress(body) if gzipped else body).decode("utf-8")

    with serve.serving(tmp_path) as url:
        for text in ("let a = 1;", "let b = 2;", "let b = 22;"):  # the second edit keeps the time
            stat = script.stat() if script.exists() else None
            script.write_text(text, encoding="utf-8")
            if stat and text.endswith("22;"):
                os.utime(script, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            assert get(gzipped=True) == text == get(gzipped=False)


def test_server_script_refuses_a_folder_without_a_site(tmp_path):
    proc = subprocess.run([sys.executable, *SERVE, "--port", "0", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "make html" in proc.stderr


@pytest.mark.browser
@pytest.mark.parametrize("path,query", [  # the fast tier: one missing page
    (path, query) if i == 0 else pytest.param(path, query, marks=pytest.mark.full)
    for i, (path, query) in enumerate(MISSING.items())
])
def test_404_page_in_the_browser_links_to_every_language(page, base_url, path, query):
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(path)  # an absolute path, on the base URL's host
    assert response.status == 404
    for lang in languages.LANGUAGES:
        assert lang["not_found_title"] in page.title(), f"the 404 page's title lacks the {lang.code} title"
    assert page.locator(".missing-path").inner_text() == path
    assert errors == []
    assert all(r.startswith(base_url) or r.startswith("data:") for r in requests), requests  # offline
    homes = page.locator('a[data-site][data-page="index.html"]')
    assert [homes.nth(i).get_attribute("data-site") for i in range(homes.count())] == list(LANGS)
    for lang in languages.LANGUAGES:
        link = page.locator(f'a[data-site="{lang.code}"][data-page="index.html"]')
        assert link.get_attribute("href") == f"/{lang.code}/index.html"
        assert link.get_attribute("lang") == lang.html_lang
        assert link.locator("strong").inner_text() == lang.name
        assert lang["back_home"] in link.inner_text()
        search = page.locator(f'a[data-site="{lang.code}"][data-page="search.html"]')
        assert search.get_attribute("href") == f"/{lang.code}/search.html?q={query}"  # the missing page's name
        assert lang["search_here"] in search.inner_text()
    for i, lang in enumerate(languages.LANGUAGES):
        if i:
            page.go_back()
        with page.expect_navigation():
            page.locator(f'a[data-site="{lang.code}"][data-page="index.html"]').click()
        assert page.url == f"{base_url}{lang.code}/index.html"
        # a real page of the site: its switch offers each other language
        assert page.locator("a[data-lang-switch]").count() == len(languages.others(lang))
