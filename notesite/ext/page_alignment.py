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
tests/content/test_pages_align.py fails on any (the build itself does not check). The pages
are read with ``notesite.core.markdown`` (MyST-Parser's tokens): a label, heading or block
shown inside a code block is an example, not part of the page.
"""

from __future__ import annotations

from pathlib import Path

from notesite.core import languages
from notesite.core import markdown
from notesite.core import snippet_regions

LANGS = languages.CODES  # the first is the notes' language; the others are checked against it
# sphinx-exercise's blocks: each carries a :label:, the same in every language.
BLOCKS = ("exercise", "exercise-start", "solution", "solution-start")


def pages(root: Path, lang: str) -> list[str]:
    """Every page of one language: the Markdown files under docs/<lang>/, as paths under it."""
    base = root / "docs" / lang
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md"))


def labels(text: str) -> list[str]:
    """The ``(label)=`` targets of the page, in page order (those in directive bodies too)."""
    return markdown.parse(text).labels


def blocks(text: str) -> list[tuple[int, str, str | None]]:
    """(line, kind, label) of each exercise and solution block, in page order (label None: it has none).

    A block shown inside a code block (Markdown quoted as an example) is no block.
    """
    return [(d.line, d.name, str(d.options.get("label") or "") or None)
            for d in markdown.parse(text).directives if d.name in BLOCKS]


def block_labels(text: str) -> list[str]:
    """The labels of the exercise and solution blocks, in page order."""
    return [label for _, _, label in blocks(text) if label]


def sections(text: str) -> list[tuple[str, str]]:
    """Each labelled section as ``(label, text)``, in page order.

    A section runs from right after its ``(label)=`` up to the line of the next label, so
    its text includes its heading; the labels are those of ``labels(text)``. Text
    before the first label (the front matter) belongs to no section.
    """
    page = markdown.parse(text)
    lines = text.split("\n")
    starts = [page.offset(line) + len(lines[line - 1].rstrip()) for _, line in page.targets]
    ends = [page.offset(line) for _, line in page.targets[1:]] + [len(text)]
    return [(label, text[start:end]) for (label, _), start, end in zip(page.targets, starts, ends)]


def unlabelled_headings(text: str) -> list[tuple[int, str]]:
    """(line, title) of each Markdown heading whose line above is not a ``(label)=``."""
    return [(h.line, h.title) for h in markdown.parse(text).headings if h.label is None]


def snippet_refs(text: str) -> list[str]:
    return [cell.ref for cell in snippet_regions.find_cells(text)]


def front_matter(text: str) -> str:
    return markdown.parse(text).front_matter or ""


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
