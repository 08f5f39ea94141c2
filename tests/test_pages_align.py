"""The languages' sites mirror each other, and every code cell comes from snippets/."""

from __future__ import annotations

import re

import page_alignment
import snippet_regions
from helpers import ROOT, assert_sections_present

OUTLINE_IDS_DONE = [
    "refs", "intro", "intro.vs-tf", "install", "install.cuda", "tensor", "tensor.types",
    "tensor.convert", "tensor.create", "tensor.create.fill", "tensor.create.random",
    "tensor.create.range", "tensor.create.like", "tensor.size",
]


def test_no_drift_between_languages():
    problems = page_alignment.problems(ROOT)
    langs = ", ".join(page_alignment.LANGS)
    assert not problems, f"the languages ({langs}) have drifted apart:\n" + "\n".join(problems)


def test_outline_sections_present_in_every_language():
    assert_sections_present(OUTLINE_IDS_DONE)


def test_no_python_pasted_into_pages():
    """Only code cells may hold Python, and they hold none in the page itself."""
    for lang in page_alignment.LANGS:
        for page in page_alignment.pages(ROOT, lang):
            text = (ROOT / "docs" / lang / page).read_text()
            assert not re.search(r"^`{3,}\s*(python|py|pycon|ipython3?)\s*$", text, re.M), (
                f"docs/{lang}/{page}: a Python code block pasted into the page; "
                "put the code in snippets/ and use a code cell"
            )
            for cell in snippet_regions.find_cells(text):
                snippet_regions.resolve(cell, ROOT / "snippets", f"docs/{lang}/{page}")
