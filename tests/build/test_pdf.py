"""The PDF of each language (issue 17, items 3 and 4): ``make pdf``, notesite/tools/pdf.py.

The PDFs are printed once per run, into a temporary folder, from the built site
(``make html``), the way ``make pdf`` prints them. Each one must hold every page of the
site in the order of its navigation: an outline entry per page with the page's title,
every heading of every page in its text, text in fonts that draw it (no glyph of a font's
missing-glyph box, ".notdef"), and links between pages that land inside the PDF.
Full tier: printing every language takes a while.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from notesite.core import htmlpages
from notesite.core import languages
from notesite.ext import page_alignment
from notesite.core import paths
from tests.browser import SITE, require_built
from tests.helpers import LANGS, ROOT

pytestmark = [pytest.mark.full, pytest.mark.browser]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    """Every language's PDF, printed by notesite/tools/pdf.py into a temporary folder (the site is not touched)."""
    require_built()
    out = tmp_path_factory.mktemp("pdf")
    proc = subprocess.run([sys.executable, "-m", "notesite.tools.pdf", "--out", str(out)],  # as make pdf runs it
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@cache
def reader(path: Path) -> PdfReader:
    return PdfReader(path)


@pytest.fixture(params=LANGS)
def pdf(request, printed) -> tuple[str, PdfReader, Path]:
    lang = request.param
    path = printed / paths.pdf_name(lang)
    assert path.is_file(), f"no {path.name}"
    return lang, reader(path), path


def squeeze(text: str) -> str:
    """Text to compare: no white space (lines break differently on paper)."""
    return re.sub(r"\s+", "", text)


def heading_text(node) -> str:
    for link in node.select("a.headerlink"):
        link.decompose()
    return node.get_text(" ", strip=True)


@cache
def site_pages(lang: str) -> list[tuple[str, str, list[str]]]:
    """(page, title, headings) of every page, from the built site, in the order of its navigation."""
    site = SITE / lang
    index = htmlpages.read(site / "index.html")
    order = [paths.ROOT_DOC] + [a["href"].removesuffix(".html")
                                    for a in index.select("nav.bd-docs-nav li.toctree-l1 > a")]
    sources = [p.removesuffix(".md") for p in page_alignment.pages(ROOT, lang)]
    assert sorted(order) == sorted(sources), "the navigation does not list every page"
    pages = []
    for page in order:
        soup = htmlpages.read(site / f"{page}.html")
        headings = [heading_text(h) for h in soup.select("article.bd-article :is(h1, h2, h3, h4, h5, h6)")]
        pages.append((page, headings[0], headings))
    return pages


def outline(reader: PdfReader, entries=None, depth=0) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every outline entry, in order."""
    found = []
    for entry in reader.outline if entries is None else entries:
        if isinstance(entry, list):
            found += outline(reader, entry, depth + 1)
        else:
            found.append((depth, entry.title, reader.get_destination_page_number(entry)))
    return found


def test_the_pdf_of_each_language_is_printed(pdf, record_property):
    """Its size is reported at the end of the run (conftest.py)."""
    lang, pdf_reader, path = pdf
    assert len(pdf_reader.pages) > len(site_pages(lang))
    record_property("report", f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, {len(pdf_reader.pages)} pages")


def test_the_outline_has_every_page_in_the_order_of_the_navigation(pdf):
    """An entry per page, titled as the page, in the navigation's order; each on its own page."""
    lang, pdf_reader, _ = pdf
    entries = outline(pdf_reader)
    titles = [title for _depth, title, _page in entries]
    starts = []
    for page, title, _ in site_pages(lang):
        assert title in titles, f"{page}: no outline entry {title!r}"
        at = titles.index(title)
        starts.append(entries[at][2])
        titles = titles[at + 1:]
        entries = entries[at + 1:]
    assert starts == sorted(set(starts)), f"pages out of order or sharing a page: {starts}"
    assert not [t for _d, t, _p in outline(pdf_reader) if len(t) > 1 and len(t) % 2 == 0
                and t[: len(t) // 2] == t[len(t) // 2:]], "an outline entry is doubled"


def test_the_table_of_contents_gives_the_page_each_page_starts_on(pdf):
    lang, pdf_reader, path = pdf
    entries = outline(pdf_reader)
    contents = next(page for _d, _t, page in entries)  # the first entry: the table of contents
    text = squeeze(pages_text(path)[contents].text)
    for page, title, _ in site_pages(lang):
        start = next((p for _d, t, p in entries if t == title), None)
        assert start is not None, f"{page}: no outline entry {title!r}"
        assert squeeze(title) + str(start + 1) in text, f"{page}: not on page {start + 1} in the table of contents"


def test_the_text_holds_every_heading_of_every_page_in_order(pdf):
    """Every heading, Chinese ones too, comes back from the PDF's text as the page has it."""
    lang, pdf_reader, path = pdf
    body_starts = min(p for _d, title, p in outline(pdf_reader) if title == site_pages(lang)[0][1])
    text = squeeze("".join(page.text for page in pages_text(path)[body_starts:]))
    position = 0
    for page, _title, headings in site_pages(lang):
        for heading in headings:
            found = text.find(squeeze(heading), position)
            assert found >= 0, f"{page}: heading {heading!r} missing (or out of order) in the PDF's text"
            position = found


# A content stream as tokens: hex and literal strings, dictionaries, arrays, names, numbers, operators.
TOKEN = re.compile(rb"""(?P<open><<|\[)|(?P<close>>>|\])|(?P<hex><[0-9A-Fa-f\s]*>)
    |(?P<str>\((?:\\.|[^\\()])*\))|(?P<name>/[^\s/\[\]()<>{}%]*)|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
    |(?P<op>[A-Za-z'"*][A-Za-z0-9'"*]*)|(?P<space>\s+|%[^\n]*)""", re.X)


def pdf_string(kind: str, raw: bytes) -> bytes:
    """The bytes of a hex (<..>) or literal ((..)) string token."""
    if kind == "hex":
        return bytes.fromhex(raw[1:-1].decode())
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1).isdigit()
                  else escapes.get(m.group(1), m.group(1)), raw[1:-1], flags=re.S)


def to_unicode(font) -> dict[int, str]:
    """A font's ToUnicode CMap: code -> text (bfchar and bfrange entries)."""
    data = font["/ToUnicode"].get_data().decode("latin-1")
    text = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            text[int(code, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = bytes.fromhex(dst).decode("utf-16-be")  # the last character counts up the range
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                text[code] = first[:-1] + chr(ord(first[-1]) + n)
    return text


@dataclass
class Font:
    name: str
    width: int  # bytes per code
    text: dict[int, str]
    notdef: set[int]  # codes that draw the missing-glyph box


@cache
def font_of(reader: PdfReader, ref) -> Font:
    """Chromium writes TrueType fonts as Type0 fonts whose two-byte codes are glyph ids
    (CIDToGIDMap /Identity), and other fonts (Noto CJK's CFF outlines) as Type3 fonts whose
    glyphs are named /g<glyph id>: either way glyph 0 is the missing-glyph box (.notdef)."""
    font = ref.get_object()
    if font["/Subtype"] == "/Type0":
        assert font["/DescendantFonts"][0].get_object().get("/CIDToGIDMap") == "/Identity", font
        return Font(str(font["/BaseFont"]), 2, to_unicode(font), {0})
    names = list(font["/Encoding"]["/Differences"])
    notdef, code = set(), 0
    for item in names:
        if isinstance(item, int):
            code = item
        else:
            if item == "/g0":
                notdef.add(code)
            code += 1
    label = font.get("/BaseFont") or font["/FontDescriptor"]["/FontName"]
    return Font(str(label), 1, to_unicode(font), notdef)


@dataclass
class PageText:
    text: str  # what a reader copies: each glyph's Unicode, or the ActualText around it
    notdef: list[str]  # fonts that drew a missing-glyph box


def read_page(reader: PdfReader, page) -> PageText:
    fonts = {str(name): ref for name, ref in page["/Resources"].get("/Font", {}).items()}
    out, notdef, actual = [], [], []  # actual: the ActualText of each open marked-content span
    stack, operands, font = [], [], None
    for m in TOKEN.finditer(page.get_contents().get_data()):
        kind, value = m.lastgroup, m.group()
        if kind == "space":
            continue
        if kind == "open":
            stack.append(operands)
            operands = []
            continue
        if kind == "close":
            operands, inner = stack.pop(), operands
            operands.append(inner)
            continue
        if kind != "op":
            operands.append((kind, value))
            continue
        if value == b"Tf":
            font = font_of(reader, fonts[operands[-2][1].decode()])
        elif value in (b"Tj", b"TJ", b"'", b'"'):
            strings = operands[-1] if value == b"TJ" else [operands[-1]]
            for kind_, raw in (s for s in strings if not isinstance(s, list)):
                if kind_ not in ("hex", "str"):
                    continue
                codes = pdf_string(kind_, raw)
                codes = [int.from_bytes(codes[i:i + font.width], "big") for i in range(0, len(codes), font.width)]
                if font.notdef.intersection(codes):
                    notdef.append(font.name)
                if not any(a is not None for a in actual):
                    out.append("".join(font.text.get(c, "\ufffd") for c in codes))
        elif value == b"BDC":
            props = operands[-1] if isinstance(operands[-1], list) else []
            keys = [v for _k, v in props]
            text = None
            if b"/ActualText" in keys:
                kind_, raw = props[keys.index(b"/ActualText") + 1]
                raw = pdf_string(kind_, raw)
                text = raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
                out.append(text)
            actual.append(text)
        elif value == b"BMC":
            actual.append(None)
        elif value == b"EMC":
            actual.pop()
        operands = []
    return PageText("".join(out), notdef)


@cache
def pages_text(path: Path) -> list[PageText]:
    pdf_reader = reader(path)
    return [read_page(pdf_reader, page) for page in pdf_reader.pages]


def unembedded_fonts(pdf_reader: PdfReader) -> set[str]:
    """Fonts whose glyphs the PDF does not carry (a reader would draw them in a font of its own)."""
    missing = set()
    for page in pdf_reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if font["/Subtype"] == "/Type3":
                continue  # its glyphs are drawings inside the PDF
            descriptor = (font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font)
            descriptor = descriptor["/FontDescriptor"]
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font["/BaseFont"]))
    return missing


def test_every_glyph_is_drawn_by_an_embedded_font(pdf):
    """No missing-glyph box anywhere, every font embedded, and a language written in Han ("Hans") in a CJK font."""
    lang, pdf_reader, path = pdf
    boxes = [f"page {n}: {font}" for n, page in enumerate(pages_text(path), 1) for font in page.notdef]
    assert not boxes, f"{len(boxes)} missing-glyph boxes (a font that lacks them), first {boxes[:5]}"
    assert unembedded_fonts(pdf_reader) == set()
    text = "".join(page.text for page in pages_text(path))
    assert "\ufffd" not in text, "a glyph without text"
    if languages.get(lang).script == "Hans":
        families = {str(font.get_object().get("/FontDescriptor", {}).get("/FontFamily", ""))
                    for page in pdf_reader.pages for font in page["/Resources"].get("/Font", {}).values()}
        assert any("CJK" in family for family in families), f"no CJK font among {families}"


def test_links_between_pages_land_inside_the_pdf(pdf):
    """Every link either opens another host (http, https) or has a destination in the PDF."""
    _lang, pdf_reader, _ = pdf
    names = {name.removeprefix("/") for name in pdf_reader.named_destinations}
    internal, problems = 0, []
    for number, page in enumerate(pdf_reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A", {})
            if "/URI" in action:
                uri = str(action["/URI"])
                if not uri.startswith(("http://", "https://")) or re.match(r"https?://(127\.0\.0\.1|localhost)", uri):
                    problems.append(f"page {number}: link to {uri}")
                continue
            dest = annot.get("/Dest", action.get("/D"))
            internal += 1
            if isinstance(dest, str) and dest.removeprefix("/") not in names:
                problems.append(f"page {number}: link to a missing destination {dest}")
            elif dest is None:
                problems.append(f"page {number}: link without destination {annot}")
    assert internal > 0, "no link inside the PDF"
    assert not problems, f"{len(problems)} links that lead nowhere, first {problems[:5]}"


# --- exercises: solutions in an appendix, linked both ways (issue 25) --------------------------


def exercise_pairs(lang: str) -> list[tuple[str, str, str]]:
    """(page, exercise label, solution label) of every exercise of a language, in page order."""
    pairs = []
    for page, _title, _headings in site_pages(lang):
        source = ROOT / "docs" / lang / f"{page}.md"
        blocks = page_alignment.blocks(source.read_text(encoding="utf-8"))
        exercise = None
        for _line, kind, label in blocks:
            if kind.startswith("exercise"):
                exercise = label
            else:
                pairs.append((page, exercise, label))
    return pairs


def links(pdf_reader: PdfReader) -> list[tuple[int, str]]:
    """(page index, destination name) of every link inside the PDF."""
    found = []
    for number, page in enumerate(pdf_reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest", annot.get("/A", {}).get("/D"))
            if annot.get("/Subtype") == "/Link" and isinstance(dest, str):
                found.append((number, dest.removeprefix("/")))
    return found


def test_solutions_are_in_an_appendix_linked_both_ways(pdf):
    """Each exercise stays on its page and links to its solution, which is in the appendix at the
    end (and nowhere before it) and links back; the contents list the appendix."""
    from notesite.tools import pdf as printer  # notesite/tools/pdf.py

    lang, pdf_reader, path = pdf
    pairs = exercise_pairs(lang)
    assert pairs, f"no exercise in {lang}"
    title = languages.get(lang)["pdf_solutions"]
    appendix = [p for _d, t, p in outline(pdf_reader) if t == title]
    assert len(appendix) == 1, f"no single outline entry {title!r}"
    appendix = appendix[0]
    destinations = {name.removeprefix("/"): pdf_reader.get_destination_page_number(dest)
                    for name, dest in pdf_reader.named_destinations.items()}
    linked = links(pdf_reader)
    text = [squeeze(page.text) for page in pages_text(path)]  # what a reader copies, page by page
    assert squeeze(title) + str(appendix + 1) in text[next(p for _d, _t, p in outline(pdf_reader))], \
        "the table of contents does not give the appendix's page"
    for page, exercise, solution in pairs:
        at_exercise = destinations.get(printer.anchor(page, exercise))
        at_solution = destinations.get(printer.anchor(page, solution))
        for label, at in ((exercise, at_exercise), (solution, at_solution)):
            assert at is not None, f"{page}: {label} is no destination in the PDF (nothing links to it)"
        assert at_exercise < appendix, f"{page}: exercise {exercise} is not before the appendix"
        assert at_solution >= appendix, f"{page}: solution {solution} is not in the appendix"
        assert any(n < appendix and d == printer.anchor(page, solution) for n, d in linked), \
            f"{page}: exercise {exercise} does not link to its solution"
        assert any(n >= appendix and d == printer.anchor(page, exercise) for n, d in linked), \
            f"{page}: solution {solution} does not link back to its exercise"
    # Moved, not copied: in the print document each solution is once, in the appendix, with its code.
    printed = htmlpages.read(path.parent / f"print-{lang}.html")
    appendix_heading = printed.find(id=printer.SOLUTIONS)
    for page, _exercise, solution in pairs:
        blocks = printed.find_all(id=printer.anchor(page, solution))
        assert len(blocks) == 1 and appendix_heading in blocks[0].find_all_previous(), \
            f"{page}: {solution} is not (once) in the appendix of the print document"
        assert blocks[0].select(".cell_input"), f"{page}: {solution} lost its code"
