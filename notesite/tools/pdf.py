"""Print the built site as one PDF per language (``make pdf``, after ``make html``).

For each language this assembles one print document from the built pages, in the
order of the site's navigation (the sidebar of the language's ``index.html``): a
cover, a table of contents, then each page's article with its executed outputs,
pictures and formulas (MathML, drawn by Chromium). Headings are shifted one level
down under a heading per navigation caption, so the PDF outline reads like the
sidebar: caption, page, section. Every id gets its page's prefix, so a link to
another page or section becomes a link inside the PDF. The exercises stay in place;
their solutions (notesite/ext/exercises.py: folded on the site) move to an appendix at
the end, by page, each exercise linking to its solution and each solution back. Debian's Chromium prints it
(Playwright), with page numbers in the footer, twice: the first print tells on which
page each entry of the table of contents starts, the second prints those numbers.

    python notesite/tools/pdf.py            # both languages: _build/pdf/pytorch-notes-<lang>.pdf
    python notesite/tools/pdf.py --out DIR  # write them to DIR instead (the tests)

``make pdf`` also copies them into the built site (``_build/html/pdf/``), where the
landing page and every page's sidebar link them, and fails when a link of the site
into that folder does not resolve.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from notesite.tools import serve
from notesite.core import htmlpages
from notesite.core import languages
from notesite.core import paths

PRINT_CSS = Path(__file__).resolve().parent / "pdf.css"
FOOTER = ('<div style="width:100%;font-size:8pt;color:#666;text-align:center;font-family:sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
# Inside an article: what only works on a screen (permalinks, buttons, the page's own table of contents).
# A folded solution is a dropdown too (notesite/ext/exercises.py); it goes to the appendix instead.
SCREEN_ONLY = "a.headerlink, button, .toctree-wrapper, script, .d-print-none, .dropdown:not(.solution)"
PAGE_PREFIX = "pdf-"  # ids in the print document: pdf-<page>--<id of the page>
SOLUTIONS = PAGE_PREFIX + "solutions"  # the appendix of solutions (its page number is in the contents)


@dataclass
class Entry:
    """A page of the navigation: its path (``tensors/basics``) and title."""

    path: str
    title: str


@dataclass
class Part:
    caption: str
    pages: list[Entry] = field(default_factory=list)


def navigation(site_dir: Path) -> tuple[str, list[Part]]:
    """The site title (the home page's heading) and the sidebar's captions and pages, in order."""
    soup = htmlpages.read(site_dir / "index.html")
    nav = soup.select_one("nav.bd-docs-nav")
    parts: list[Part] = []
    for node in nav.select("p.caption, li.toctree-l1 > a"):
        if node.name == "p":
            parts.append(Part(node.get_text(strip=True)))
        else:
            if not parts:
                parts.append(Part(""))
            parts[-1].pages.append(Entry(node["href"].removesuffix(".html"), node.get_text(strip=True)))
    title = soup.select_one("article.bd-article h1")
    for link in title.select("a.headerlink"):
        link.decompose()
    return title.get_text(strip=True), parts


def anchor(page: str, ident: str | None = None) -> str:
    """The id, in the print document, of a page (or of an id on it)."""
    slug = PAGE_PREFIX + page.replace("/", "-")
    return f"{slug}--{ident}" if ident else slug


@dataclass
class Solution:
    """A solution taken out of its page for the appendix: its exercise's id and title, its HTML."""

    exercise: str  # the exercise's id in the print document
    title: str  # the exercise's title on its page ("Exercise 1")
    html: str  # the solution's block: ids prefixed, titled after its exercise, a link back to it


def take_solutions(soup, body, language: languages.Language) -> list[Solution]:
    """The solution blocks of an article (its ids already the print document's), taken out for
    the appendix: each exercise links to its solution there, each solution back to its exercise.

    A solution follows its exercise (conf.py's exercise_style makes the build check that), so
    it belongs to the last exercise before it.
    """
    taken = []
    for block in body.select("div.solution"):
        exercise = block.find_previous("div", class_="exercise")
        title = exercise.select_one(".admonition-title").get_text(" ", strip=True)
        exercise.append(_link(soup, "pdf-solution-link", block["id"], language["pdf_see_solution"]))
        heading = block.select_one(".admonition-title")
        heading.name, heading["class"] = "h3", ["pdf-solution__title"]
        heading.string = language["pdf_solution_of"].format(exercise=title)
        block.append(_link(soup, "pdf-solution__back", exercise["id"], language["pdf_back_to_exercise"]))
        taken.append(Solution(exercise["id"], title, str(block.extract())))
    return taken


def _link(soup, cls: str, target: str, text: str):
    """``<p class=cls><a href="#target">text</a></p>``."""
    paragraph = soup.new_tag("p", attrs={"class": cls})
    link = soup.new_tag("a", href="#" + target)
    link.string = text
    paragraph.append(link)
    return paragraph


def article(site_dir: Path, page: str, pages: set[str], shift: int, language: languages.Language,
            solutions: list[Solution]) -> str:
    """A page's article as HTML for the print document: ids prefixed, links made internal;
    its solutions, for the appendix, appended to ``solutions``."""
    soup = htmlpages.read(site_dir / f"{page}.html")
    body = soup.select_one("article.bd-article")
    for node in body.select(SCREEN_ONLY):
        node.decompose()
    for node in body.find_all(id=True):
        node["id"] = anchor(page, node["id"])
    base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    for link in body.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if parts.scheme or link["href"].startswith("//"):
            continue  # another host: stays a link
        target = normpath(base + unquote(parts.path)) if parts.path else page + ".html"
        if target.endswith(".html") and target.removesuffix(".html") in pages:
            target = target.removesuffix(".html")
            link["href"] = "#" + anchor(target, unquote(parts.fragment) or None)
        else:  # a file of the site (a download, the index): no target inside the PDF
            link.name = "span"
            del link["href"]
    for img in body.find_all("img", src=True):
        if not urlsplit(img["src"]).scheme:
            img["src"] = normpath(base + unquote(img["src"]))
    for level in range(6, 0, -1):  # headings one level down: the captions sit above the pages
        for heading in body.find_all(f"h{level}"):
            heading.name = f"h{min(level + shift, 6)}"
    solutions += take_solutions(soup, body, language)
    return f'<div class="pdf-page" id="{anchor(page)}">{body.decode_contents()}</div>'


def appendix(language: languages.Language, solutions: list[tuple[Entry, list[Solution]]]) -> str:
    """The appendix: under a part heading, each page's title, then its solutions in order."""
    out = [f'<h1 class="pdf-part" id="{SOLUTIONS}">{html.escape(language["pdf_solutions"])}</h1>']
    for n, (entry, found) in enumerate(solutions):
        out.append(f'<div class="pdf-solutions__page"><h2 id="{SOLUTIONS}-{n}">{html.escape(entry.title)}</h2>')
        out += [solution.html for solution in found]
        out.append("</div>")
    return "\n".join(out)


def stylesheets(site_dir: Path) -> list[str]:
    """The stylesheets a built page loads (theme, code highlighting, notebook outputs, site.css)."""
    soup = htmlpages.read(site_dir / "index.html")
    return [link["href"] for link in soup.select('head link[rel="stylesheet"]')]


def document(site: str, page_numbers: dict[str, int] | None = None) -> str:
    """The print document of one language (HTML, served at the language's root).

    ``page_numbers``: the page on which each page of the site starts, for the table of contents.
    """
    site_dir = paths.html_dir(paths.ROOT, site)
    language = languages.get(site)
    title, parts = navigation(site_dir)
    home = paths.ROOT_DOC
    pages = [home] + [e.path for part in parts for e in part.pages]
    numbers = page_numbers or {}

    def toc_line(target: str, text: str, cls: str) -> str:
        number = numbers.get(anchor(target), "")
        return (f'<li class="{cls}"><a href="#{anchor(target)}"><span>{html.escape(text)}</span>'
                f'<span class="pdf-toc__page">{number}</span></a></li>')

    toc = [toc_line(home, title, "pdf-toc__page-entry")]
    found: list[Solution] = []
    body = [article(site_dir, home, set(pages), 0, language, found)]
    solutions = [(Entry(home, title), found)] if found else []
    for n, part in enumerate(parts):
        part_id = f"{PAGE_PREFIX}part-{n}"
        toc.append(f'<li class="pdf-toc__part">{html.escape(part.caption)}</li>')
        body.append(f'<h1 class="pdf-part" id="{part_id}">{html.escape(part.caption)}</h1>')
        for entry in part.pages:
            toc.append(toc_line(entry.path, entry.title, "pdf-toc__page-entry"))
            found = []
            body.append(article(site_dir, entry.path, set(pages), 1, language, found))
            if found:
                solutions.append((entry, found))
    if solutions:
        body.append(appendix(language, solutions))
        toc.append(f'<li class="pdf-toc__part pdf-toc__page-entry"><a href="#{SOLUTIONS}">'
                   f'<span>{html.escape(language["pdf_solutions"])}</span>'
                   f'<span class="pdf-toc__page">{numbers.get(SOLUTIONS, "")}</span></a></li>')
    lang = language.html_lang
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets(site_dir))
    doc = f"""<!DOCTYPE html>
<html lang="{lang}" data-theme="light" data-mode="light">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
{links}
<style>:root {{ --pdf-font: {language.font}; }}</style>
<style>{PRINT_CSS.read_text(encoding="utf-8")}</style>
</head>
<body class="pdf-{site}">
<section class="pdf-cover">
<p class="pdf-cover__title">{html.escape(title)}</p>
<p class="pdf-cover__subtitle">{html.escape(language["pdf_subtitle"])}</p>
</section>
<nav class="pdf-toc">
<h1 class="pdf-toc__title">{html.escape(language["pdf_contents"])}</h1>
<ol>
{chr(10).join(toc)}
</ol>
</nav>
<main class="bd-article">
{chr(10).join(body)}
</main>
</body>
</html>
"""
    return doc


def start_pages(pdf_bytes: bytes) -> dict[str, int]:
    """The page number (from 1) on which each page of the print document starts in a printed PDF.

    The table of contents links every page, so Chromium writes a named destination for each.
    """
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    index = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    found = {}
    for name, dest in reader.named_destinations.items():
        name = name.removeprefix("/")
        if name.startswith(PAGE_PREFIX) and "--" not in name:
            found[name] = index[dest.page.idnum]
    return found


# The outline comes from the headings, and Chromium writes it for a tagged PDF only.
PDF_OPTIONS = {
    "format": "A4", "print_background": True, "outline": True, "tagged": True,
    "display_header_footer": True, "header_template": "<span></span>", "footer_template": FOOTER,
    "margin": {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
}


def _fulfill_with(doc: str):
    def handler(route):
        route.fulfill(body=doc, content_type="text/html; charset=utf-8")
    return handler


def print_site(browser, base_url: str, site: str, out: Path) -> Path:
    """Print one language: a first pass for the page numbers of the table of contents, then the PDF."""
    page = browser.new_page()
    numbers = None
    try:
        for _ in range(2):
            doc = document(site, numbers)
            url = f"{base_url}/{site}/__pdf__.html"
            page.route(url, _fulfill_with(doc))
            page.goto(url, wait_until="load")
            page.evaluate("document.fonts.ready")
            pdf = page.pdf(**PDF_OPTIONS)
            page.unroute(url)
            numbers = start_pages(pdf)
        (out / f"print-{site}.html").write_text(doc, encoding="utf-8")
    finally:
        page.close()
    path = out / paths.pdf_name(site)
    path.write_bytes(pdf)
    return path


def broken_pdf_links(tree: Path = paths.ROOT) -> list[str]:
    """Links of the built site into its PDF folder that do not resolve (a PDF not printed)."""
    site = paths.html_dir(tree)
    folder = site / paths.PDF_FOLDER
    problems = []
    for page in sorted(site.rglob("*.html")):
        hrefs = [tag["href"] for tag in htmlpages.read(page).find_all(href=True)]
        for href in (href for href in hrefs if href.endswith(".pdf")):
            target = (page.parent / unquote(href)).resolve()
            if folder.resolve() in target.parents and not target.is_file():
                problems.append(f"{page.relative_to(site)}: {href}")
    return problems


def build(out: Path | None = None, publish: bool = True) -> int:
    from playwright.sync_api import sync_playwright

    site_root = paths.html_dir(paths.ROOT)
    for site in languages.CODES:
        if not (site_root / site / "index.html").is_file():
            print(f"error: {site_root / site} has no built site: run `make html` first", file=sys.stderr)
            return 2
    out = Path(out) if out else paths.pdf_dir(paths.ROOT)
    out.mkdir(parents=True, exist_ok=True)
    server = serve.make_server(site_root, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=paths.CHROMIUM, args=paths.CHROMIUM_ARGS)
            try:
                for site in languages.CODES:
                    start = time.perf_counter()
                    path = print_site(browser, base_url, site, out)
                    print(f"[{site}] {path}  ({path.stat().st_size / 1e6:.1f} MB, "
                          f"{time.perf_counter() - start:.1f} s)", flush=True)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    if publish:
        folder = site_root / paths.PDF_FOLDER
        folder.mkdir(exist_ok=True)
        for site in languages.CODES:
            shutil.copy2(out / paths.pdf_name(site), folder / paths.pdf_name(site))
        problems = broken_pdf_links()
        if problems:
            print("error: the site links PDFs that were not printed:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the PDFs here, and do not publish them in the site")
    args = parser.parse_args(argv)
    return build(args.out, publish=args.out is None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
