"""Translation freshness: has each labelled section's translation kept up with its source?

Every language is written by hand. ``docs/_data/translations.json`` records, for
every page and section label, a fingerprint of each language's text as it was when
someone last checked that they all say the same. ``stale(root)``
compares the pages with those stamps and returns one message per section whose
languages may have drifted apart; ``tests/content/test_translations.py`` fails on any.
After reviewing a page (and updating its translation), re-stamp it::

    python notesite/tools/translations.py stamp tensors/basics   # make stamp PAGE=tensors/basics
    python notesite/tools/translations.py check                  # every section that needs a review
    python notesite/tools/translations.py stamp                  # the pages that need one (make stamp)

A section's fingerprint covers its heading and prose, with trailing spaces and
runs of blank lines folded; it leaves out the regions that code cells name
(``:snippet:``, read as the build reads the page: ``notesite.core.markdown``):
page_alignment checks those, and renaming a region in both languages is not a
change of translation. The sections are page_alignment's. The build does not check freshness: a
page is allowed to be half translated while someone works on it; the test is the gate.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
from notesite.core import markdown
from notesite.ext import page_alignment

LANGS = page_alignment.LANGS
STAMPS = Path("docs") / "_data" / "translations.json"  # under the repository root


def stamp_file(root: Path) -> Path:
    return Path(root) / STAMPS


def page_name(name: str) -> str:
    """``tensors/basics`` from ``tensors/basics``, ``tensors/basics.md`` or ``docs/<code>/tensors/basics.md``."""
    name = name.strip().strip("/").removesuffix(".md")
    parts = name.split("/")
    return "/".join(parts[2:]) if parts[:1] == ["docs"] and parts[1:2] and parts[1] in LANGS else name


def fingerprint(text: str) -> str:
    """The normalised section text's SHA-256, shortened (a change detector, not a signature)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprints(root: Path, page: str, lang: str) -> dict[str, str] | None:
    """Label -> fingerprint of one language's page, in page order; None when the page is missing."""
    path = Path(root) / "docs" / lang / f"{page}.md"
    if not path.is_file():
        return None
    return {label: fingerprint(body) for label, body in page_alignment.sections(without_refs(path.read_text(encoding="utf-8")))}


def without_refs(text: str) -> str:
    """The page with each code cell's ``:snippet:`` option line emptied to ``:snippet:``."""
    lines = text.split("\n")
    for cell in markdown.parse(text).cells:
        for n in range(cell.line, cell.options_end - 1):
            if lines[n].strip().startswith(":snippet:"):
                lines[n] = ":snippet:"
    return "\n".join(lines)


def pages(root: Path) -> list[str]:
    """Every page (without .md) that exists in every language."""
    every = set.intersection(*(set(page_alignment.pages(Path(root), lang)) for lang in LANGS))
    return sorted(p.removesuffix(".md") for p in every)


def load(root: Path) -> dict[str, dict[str, dict[str, str]]]:
    path = stamp_file(root)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def dump(stamps: dict[str, dict[str, dict[str, str]]]) -> str:
    """Pages sorted, sections in page order, one line a section: a re-stamp is a one-line diff."""
    out = []
    for page in sorted(stamps):
        rows = [f"    {json.dumps(label)}: {json.dumps({lang: s[lang] for lang in LANGS})}"
                for label, s in stamps[page].items()]
        out.append(f"  {json.dumps(page)}: {{\n" + ",\n".join(rows) + "\n  }")
    return "{\n" + ",\n".join(out) + "\n}\n"


def where_page(page: str) -> str:
    return page_alignment.where(f"{page}.md")


def stale(root: Path, stamps: dict | None = None) -> list[str]:
    """One message per section whose languages may have drifted apart since their last review.

    A section fails when some languages changed and the others did not (the usual case:
    an edit not carried over), when all changed (they may say the same again, but
    only a review can tell, and until it is stamped a later edit of one side alone
    would go unnoticed), when it has no stamp (new), and when its stamp names a
    section or page that is gone. Pages or labels present in one language only are
    page_alignment's to report.
    """
    root = Path(root)
    stamps = load(root) if stamps is None else stamps
    found = []
    current = pages(root)
    for page in sorted(set(stamps) - set(current)):
        if not any((root / "docs" / lang / f"{page}.md").is_file() for lang in LANGS):
            found.append(f"{where_page(page)}: stamped, but the page no longer exists; "
                         f"run `make stamp PAGE={page}` to drop its stamps")
    for page in current:
        prints = {lang: fingerprints(root, page, lang) for lang in LANGS}
        stamped = stamps.get(page, {})
        for label in [label for label in prints[LANGS[0]] if all(label in prints[lang] for lang in LANGS)]:
            now = {lang: prints[lang][label] for lang in LANGS}
            where = f"{where_page(page)} section {label}"
            then = stamped.get(label)
            if then is None:
                found.append(f"{where}: not reviewed yet (no stamp); check that the languages say "
                             f"the same, then run `make stamp PAGE={page}`")
                continue
            changed = [lang for lang in LANGS if now[lang] != then.get(lang)]
            unchanged = [lang for lang in LANGS if lang not in changed]
            if changed and unchanged:
                found.append(f"{page_alignment.where(f'{page}.md', *changed)} section {label}: the "
                             f"{', '.join(changed)} text changed since the last review, the "
                             f"{', '.join(unchanged)} text did not; update "
                             f"{page_alignment.where(f'{page}.md', *unchanged)} if it no longer says the "
                             f"same, then run `make stamp PAGE={page}`")
            elif changed:
                found.append(f"{where}: every language changed since the last review; check that "
                             f"they say the same, then run `make stamp PAGE={page}`")
        for label in stamped:
            if not any(label in prints[lang] for lang in LANGS):
                found.append(f"{where_page(page)} section {label}: stamped, but no longer on the page; "
                             f"run `make stamp PAGE={page}` to drop its stamp")
    return found


class StampError(Exception):
    pass


def stamp(root: Path, page: str) -> str:
    """Record the page's current fingerprints as reviewed; return what changed, in a sentence.

    A page that exists in no language loses its stamps. A page whose
    languages do not have the same section labels in the same order cannot be
    stamped: fix the alignment first (tests/content/test_pages_align.py names the drift).
    """
    root, page = Path(root), page_name(page)
    stamps = load(root)
    prints = {lang: fingerprints(root, page, lang) for lang in LANGS}
    if all(prints[lang] is None for lang in LANGS):
        if page not in stamps:
            raise StampError(f"{where_page(page)}: no such page, and no stamps to drop")
        del stamps[page]
        _write(root, stamps)
        return f"{where_page(page)}: the page is gone; dropped its stamps"
    if any(prints[lang] is None or list(prints[lang]) != list(prints[LANGS[0]]) for lang in LANGS):
        raise StampError(f"{where_page(page)}: the languages do not have the same sections; "
                         "fix that first (tests/content/test_pages_align.py names the difference)")
    old = stamps.get(page, {})
    new = {label: {lang: prints[lang][label] for lang in LANGS} for label in prints[LANGS[0]]}
    stamps[page] = new
    _write(root, stamps)
    news = {
        "first stamp": [label for label in new if label not in old],
        "re-stamped": [label for label in new if label in old and old[label] != new[label]],
        "dropped": [label for label in old if label not in new],
    }
    said = "; ".join(f"{what}: {', '.join(labels)}" for what, labels in news.items() if labels)
    return f"{where_page(page)}: {len(new)} section(s) stamped; {said or 'none had changed'}"


def _write(root: Path, stamps: dict) -> None:
    path = stamp_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(stamps), encoding="utf-8")


def main(argv: list[str]) -> int:
    usage = ("usage: translations.py [--root DIR] check\n"
             "       translations.py [--root DIR] stamp PAGE...   (a path under docs/<lang>/, e.g. tensors/basics)")
    root = ROOT
    if argv[:1] == ["--root"] and len(argv) > 1:
        root, argv = Path(argv[1]), argv[2:]
    if argv == ["check"]:
        found = stale(root)
        print("\n".join(found) if found else "every section reviewed since its last edit",
              file=sys.stderr if found else sys.stdout)
        return 1 if found else 0
    if argv[:1] == ["stamp"] and len(argv) > 1:
        status = 0
        for page in argv[1:]:
            try:
                print(stamp(root, page))
            except StampError as exc:
                print(f"error: {exc}", file=sys.stderr)
                status = 1
        return status
    if argv == ["stamp"]:  # `make stamp` without PAGE: which pages wait for a review
        waiting = sorted({re.search(r"PAGE=([^`]+)`", m).group(1) for m in stale(root)})
        print("pages waiting for a review: " + (" ".join(waiting) or "none"))
        if waiting:
            print("after reviewing one: make stamp PAGE=<page>")
        return 0
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
