"""Check that the page trees of the languages (notesite/core/languages.py) mirror each other.

Every language must have the same pages as the first, the same section labels in the same
order, the same snippet references in the same order, and identical front
matter (the execution cache keys on the kernelspec), and every snippet region
must be used by some page. The exercises and their solutions (sphinx-exercise's
``{exercise}`` and ``{solution-start}`` blocks) carry a ``:label:`` too, the same in
every language and in the same order, like the sections. Every heading, at every level, carries an explicit
label on the line right above it (``(tensor-size)=`` over ``## ...``), so every
language publishes the same anchors and none is generated from a title.
``problems(root)`` returns one message per drift, each naming the file;
tests/content/test_pages_align.py fails on any (the build itself does not check).
"""

from __future__ import annotations

import re
from pathlib import Path

from notesite.core import languages
from notesite.core import snippet_regions

LANGS = languages.CODES  # the first is the notes' language; the others are checked against it
LABEL = re.compile(r"^\((?P<label>[A-Za-z0-9_.-]+)\)=\s*$", re.MULTILINE)
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.*?)[ \t#]*$")
FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})")
# An exercise or solution block's opening line (MyST colon or backtick fence), and an option line after it.
BLOCK = re.compile(r"^(?::{3,}|`{3,})\{(?P<kind>exercise|exercise-start|solution|solution-start)\}")
OPTION = re.compile(r"^:(?P<key>[A-Za-z0-9_-]+):[ \t]*(?P<value>.*?)[ \t]*$")
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)


def pages(root: Path, lang: str) -> list[str]:
    """Every page of one language: the Markdown files under docs/<lang>/, as paths under it."""
    base = root / "docs" / lang
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md"))


def labels(text: str) -> list[str]:
    return [m.group("label") for m in LABEL.finditer(text)]


def blocks(text: str) -> list[tuple[int, str, str | None]]:
    """(line, kind, label) of each exercise and solution block, in page order (label None: it has none).

    A block shown inside a code block (Markdown quoted as an example) is no block.
    """
    found = []
    lines = text.split("\n")
    fence = None
    for i, line in enumerate(lines):
        f = FENCE.match(line)
        if fence:
            if f and f.group("fence")[0] == fence[0] and len(f.group("fence")) >= len(fence) and not line.strip(" \t`~"):
                fence = None
            continue
        m = BLOCK.match(line)
        if f and not m:
            fence = f.group("fence")
            continue
        if not m:
            continue
        label = None
        for option in lines[i + 1:]:
            opt = OPTION.match(option)
            if not opt:
                break
            if opt.group("key") == "label":
                label = opt.group("value") or None
        found.append((i + 1, m.group("kind"), label))
        if f:  # a backtick-fenced block: its body is skipped up to its closing fence
            fence = f.group("fence")
    return found


def block_labels(text: str) -> list[str]:
    """The labels of the exercise and solution blocks, in page order."""
    return [label for _, _, label in blocks(text) if label]


def sections(text: str) -> list[tuple[str, str]]:
    """Each labelled section as ``(label, text)``, in page order.

    A section runs from the line after its ``(label)=`` up to the next label, so
    its text includes its heading; the labels are those of ``labels(text)``. Text
    before the first label (the front matter) belongs to no section.
    """
    marks = list(LABEL.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return [(m.group("label"), text[m.end():end]) for m, end in zip(marks, ends)]


def unlabelled_headings(text: str) -> list[tuple[int, str]]:
    """(line, title) of each Markdown heading whose line above is not a ``(label)=``.

    Lines in code blocks (backtick or tilde fences: code cells, shell examples,
    Markdown shown as an example) are not headings; nor is the front matter.
    """
    found = []
    lines = text.split("\n")
    start = FRONT_MATTER.match(text).group(0).count("\n") if FRONT_MATTER.match(text) else 0
    fence = None
    for i in range(start, len(lines)):
        line = lines[i]
        m = FENCE.match(line)
        if fence:
            if m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence) and not line.strip(" \t`~"):
                fence = None
            continue
        if m:
            fence = m.group("fence")
            continue
        heading = HEADING.match(line)
        if heading and not (i > start and LABEL.fullmatch(lines[i - 1])):
            found.append((i + 1, heading.group("title")))
    return found


def snippet_refs(text: str) -> list[str]:
    return [cell.ref for cell in snippet_regions.find_cells(text)]


def front_matter(text: str) -> str:
    m = FRONT_MATTER.match(text)
    return m.group("body") if m else ""


def where(page: str, *langs: str) -> str:
    """``docs/{<code>,<code>}/page.md``: a page in several languages (all of them by default), for messages."""
    langs = langs or LANGS
    return f"docs/{langs[0]}/{page}" if len(langs) == 1 else f"docs/{{{','.join(langs)}}}/{page}"


def problems(root: Path) -> list[str]:
    """Every language against the first, the one the notes were written in."""
    root = Path(root)
    found: list[str] = []
    first, others = LANGS[0], LANGS[1:]
    have = {lang: set(pages(root, lang)) for lang in LANGS}
    for page in sorted(set().union(*have.values())):
        holders = [lang for lang in LANGS if page in have[lang]]
        for miss in [lang for lang in LANGS if page not in have[lang]]:
            found.append(f"{where(page, *holders)}: page exists only in {', '.join(holders)}; add docs/{miss}/{page}")
    used: set[tuple[str, str]] = set()
    for page in sorted(set.intersection(*have.values())):
        text = {lang: (root / "docs" / lang / page).read_text(encoding="utf-8") for lang in LANGS}
        for what, get in (("section labels", labels), ("exercise and solution labels", block_labels),
                          ("snippet references", snippet_refs)):
            seq = {lang: get(text[lang]) for lang in LANGS}
            for other in others:
                if seq[first] != seq[other]:
                    found.append(f"{where(page, first, other)}: {what} differ: {_diff(first, seq[first], other, seq[other])}")
        for lang in LANGS:
            for line, title in unlabelled_headings(text[lang]):
                found.append(f"docs/{lang}/{page}:{line}: heading {title!r} has no label")
            for line, kind, label in blocks(text[lang]):
                if label is None:
                    found.append(f"docs/{lang}/{page}:{line}: {{{kind}}} has no :label:")
        for other in others:
            if front_matter(text[first]) != front_matter(text[other]):
                found.append(f"{where(page, first, other)}: front matter differs between the languages")
        for lang in LANGS:
            for cell in snippet_regions.find_cells(text[lang]):
                try:
                    region = snippet_regions.resolve(cell, root / "snippets", f"docs/{lang}/{page}")
                except snippet_regions.SnippetError as exc:
                    found.append(str(exc))
                else:
                    used.add((region.path.resolve().as_posix(), region.name))
    for module in snippet_modules(root):
        try:
            regions = snippet_regions.parse_regions(module)
        except snippet_regions.SnippetError as exc:
            found.append(str(exc))
            continue
        for name, region in regions.items():
            if (module.resolve().as_posix(), name) not in used:
                rel = module.relative_to(root).as_posix()
                found.append(f"{rel}:{region.first_line - 1}: region {name!r} is used by no page")
    return found


def snippet_modules(root: Path) -> list[Path]:
    """Every snippet module (package __init__ files hold no regions)."""
    return sorted(p for p in (Path(root) / "snippets").rglob("*.py") if p.name != "__init__.py")


def _diff(lang_a: str, a: list[str], lang_b: str, b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"item {i + 1} is {x!r} in {lang_a} but {y!r} in {lang_b}"
    longer, lang = (a, lang_a) if len(a) > len(b) else (b, lang_b)
    return f"{lang} has {len(longer) - min(len(a), len(b))} more, starting with {longer[min(len(a), len(b))]!r}"
