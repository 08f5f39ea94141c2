"""Every labelled section was reviewed in every language since its last edit.

``docs/_data/translations.json`` holds, per page and section label, the fingerprints
of each language's text at the last review (``make stamp PAGE=<page>``); the
checker (``notesite/tools/translations.py``) names each section that changed since.
One test checks the live pages: a page or section never stamped, or edited since, fails it
with the command to run. The tool's own tests run on a copy of fixture pages
(tests/data/translations/: two page pairs and their stamps), so a contributor's missing
stamp fails that one test and no other; they show that the checker catches an edit of
either language, and that stamping is what clears it. The languages are
notesite/core/languages.py's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from notesite.core import languages
from notesite.ext import page_alignment
from notesite.tools import translations
from tests.helpers import LANGS, ROOT

FIXTURE = ROOT / "tests" / "data" / "translations"
PAGE = "guide/alpha"  # a fixture page: a title, two sections (the first with a code cell), a summary
LATER = languages.others(languages.FIRST)[0].code  # a translation: a language after the first


def test_every_section_reviewed_since_its_last_edit():
    found = translations.stale(ROOT)
    assert not found, "translations to review:\n" + "\n".join(found)


def test_stamp_file_is_written_as_the_tool_writes_it():
    """Sorted pages, one line a section: a re-stamp shows as a readable one-line diff."""
    text = translations.stamp_file(ROOT).read_text(encoding="utf-8")
    assert text == translations.dump(json.loads(text))
    assert list(json.loads(text)) == sorted(json.loads(text))


@pytest.fixture
def docs(tmp_path):
    """A copy of the fixture pages and their stamps (the checker reads nothing else)."""
    missing = [lang for lang in LANGS if not (FIXTURE / "docs" / lang).is_dir()]
    assert not missing, (f"{FIXTURE.relative_to(ROOT)} has no pages in {', '.join(missing)}: add them "
                         f"(its README.md says how)")
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    assert translations.stale(tmp_path) == [], f"{FIXTURE.relative_to(ROOT)}: stamp the fixture pages again (README.md)"
    return tmp_path


def edit(root, lang, label, change, page=PAGE):
    """Replace one section's text in one language with ``change(text)``."""
    path = root / "docs" / lang / f"{page}.md"
    text = path.read_text(encoding="utf-8")
    body = dict(page_alignment.sections(text))[label]
    head = f"({label})="
    assert text.count(head + body) == 1
    path.write_text(text.replace(head + body, head + change(body)), encoding="utf-8")


def add_sentence(body):
    """A paragraph more (on a line of its own: after a section's closing code fence, text on the
    fence's line would leave the cell open, and the rest of the page would be its code)."""
    return body.rstrip("\n") + "\n\nOne more sentence.\n\n"


def second_label(page=PAGE):
    return page_alignment.labels((FIXTURE / "docs" / LANGS[0] / f"{page}.md").read_text(encoding="utf-8"))[1]


@pytest.mark.parametrize("lang", LANGS)
def test_an_edit_of_one_language_names_the_page_and_section(docs, lang):
    label = second_label()
    others = [other for other in LANGS if other != lang]
    edit(docs, lang, label, add_sentence)
    assert translations.stale(docs) == [
        f"docs/{lang}/{PAGE}.md section {label}: the {lang} text changed since the last review, "
        f"the {', '.join(others)} text did not; update {page_alignment.where(f'{PAGE}.md', *others)} if it no longer says the same, "
        f"then run `make stamp PAGE={PAGE}`"
    ]
    for other in others:  # the translations catch up: still needs a review
        edit(docs, other, label, add_sentence)
    assert [m.split(":")[0] for m in translations.stale(docs)] == [f"{page_alignment.where(f'{PAGE}.md', *LANGS)} section {label}"]
    assert "every language changed" in translations.stale(docs)[0]
    translations.stamp(docs, PAGE)
    assert translations.stale(docs) == []
    edit(docs, lang, label, add_sentence)  # after the review, a one-sided edit is caught again
    assert f"the {lang} text changed" in " ".join(translations.stale(docs))


def test_spacing_and_region_names_are_not_edits(docs):
    """Trailing spaces, extra blank lines and a region renamed in every language change no fingerprint."""
    label = second_label()  # the section with the code cell
    for lang in LANGS:
        edit(docs, lang, label, lambda body: body.replace("\n\n", "  \n\n\n", 3))
        edit(docs, lang, label, lambda body: body.replace("alpha/first.py:setup", "elsewhere.py:setup"))
    assert translations.stale(docs) == []


NEW_SECTION = "(brand-new)=\n## New\n\nText.\n\n"


def test_new_section_needs_a_stamp_and_a_removed_one_loses_it(docs):
    label = second_label()
    for lang in LANGS:
        edit(docs, lang, label, lambda body: body + NEW_SECTION)
    assert translations.stale(docs) == [
        f"{page_alignment.where(f'{PAGE}.md', *LANGS)} section brand-new: not reviewed yet (no stamp); check that the "
        f"languages say the same, then run `make stamp PAGE={PAGE}`"
    ]
    assert "first stamp: brand-new" in translations.stamp(docs, PAGE)
    assert translations.stale(docs) == []
    for lang in LANGS:  # delete the section again: its stamp is left over
        path = docs / "docs" / lang / f"{PAGE}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(NEW_SECTION, ""), encoding="utf-8")
    assert translations.stale(docs) == [
        f"{page_alignment.where(f'{PAGE}.md', *LANGS)} section brand-new: stamped, but no longer on the page; "
        f"run `make stamp PAGE={PAGE}` to drop its stamp"
    ]
    assert "dropped: brand-new" in translations.stamp(docs, PAGE)
    assert "brand-new" not in translations.load(docs)[PAGE]


def test_a_deleted_page_loses_its_stamps(docs):
    for lang in LANGS:
        (docs / "docs" / lang / f"{PAGE}.md").unlink()
    assert translations.stale(docs) == [
        f"{page_alignment.where(f'{PAGE}.md', *LANGS)}: stamped, but the page no longer exists; "
        f"run `make stamp PAGE={PAGE}` to drop its stamps"
    ]
    translations.stamp(docs, PAGE)
    assert PAGE not in translations.load(docs) and translations.stale(docs) == []


def test_a_page_whose_languages_differ_in_sections_is_not_stamped(docs):
    before = translations.stamp_file(docs).read_bytes()
    edit(docs, LANGS[0], second_label(), lambda body: body + "(first-only)=\n## Only in the first language\n\n")
    with pytest.raises(translations.StampError, match="do not have the same sections"):
        translations.stamp(docs, PAGE)
    assert translations.stamp_file(docs).read_bytes() == before


def test_command_line_checks_and_stamps(docs):
    """What `make stamp PAGE=...` runs: it clears what the check reports; stamping again changes nothing."""
    tool = [sys.executable, "-m", "notesite.tools.translations", "--root", str(docs)]  # as make stamp runs it
    edit(docs, LATER, second_label(), add_sentence)
    check = subprocess.run([*tool, "check"], capture_output=True, text=True, timeout=60)
    assert check.returncode == 1 and f"docs/{LATER}/{PAGE}.md section {second_label()}" in check.stderr
    waiting = subprocess.run([*tool, "stamp"], capture_output=True, text=True, timeout=60)
    assert waiting.returncode == 0 and f"pages waiting for a review: {PAGE}\n" in waiting.stdout
    for name in (f"docs/{LATER}/{PAGE}.md", PAGE):  # a path or a page name; the second stamp finds nothing new
        stamp = subprocess.run([*tool, "stamp", name], capture_output=True, text=True, timeout=60)
        assert stamp.returncode == 0, stamp.stderr
    assert stamp.stdout.strip().endswith("none had changed")
    assert subprocess.run([*tool, "check"], capture_output=True, timeout=60).returncode == 0
