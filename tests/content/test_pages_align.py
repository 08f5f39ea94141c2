"""The languages' sites mirror each other, and every code cell comes from snippets/."""

from __future__ import annotations

from notesite.core import markdown
from notesite.ext import page_alignment
from notesite.core import snippet_regions
from tests.helpers import ROOT, assert_sections_present

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


PYTHON = {"python", "py", "pycon", "ipython", "ipython3"}  # a code block's language that is Python


def test_no_python_pasted_into_pages():
    """Only code cells may hold Python, and they hold none in the page itself."""
    for lang in page_alignment.LANGS:
        for page in page_alignment.pages(ROOT, lang):
            text = (ROOT / "docs" / lang / page).read_text()
            assert not [b for b in markdown.parse(text).code_blocks if b.language in PYTHON], (
                f"docs/{lang}/{page}: a Python code block pasted into the page; "
                "put the code in snippets/ and use a code cell"
            )
            for cell in snippet_regions.find_cells(text):
                snippet_regions.resolve(cell, ROOT / "snippets", f"docs/{lang}/{page}")


def exercise_page(name: str, label: bool = True) -> str:
    """A page with one exercise and its folded solution, labelled after ``name``."""
    return (
        "(p)=\n# P\n\n"
        ":::{exercise}\n" + (f":label: p-ex-{name}\n" if label else "") + "\nText.\n:::\n\n"
        f":::{{solution-start}} p-ex-{name}\n:label: p-sol-{name}\n:class: dropdown\n:::\n\n"
        "Answer.\n\n:::{solution-end}\n:::\n"
    )


def exercise_tree(tmp_path, pages: dict[str, str]):
    for lang, text in pages.items():
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "p.md").write_text(text, encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    return tmp_path


def test_exercise_labels_drift_like_section_labels(tmp_path):
    first, other = page_alignment.LANGS[0], page_alignment.LANGS[-1]
    same = exercise_tree(tmp_path / "same", {lang: exercise_page("a") for lang in page_alignment.LANGS})
    assert page_alignment.problems(same) == []
    drifted = exercise_tree(tmp_path / "drifted", {lang: exercise_page("b" if lang == other else "a")
                                                    for lang in page_alignment.LANGS})
    assert page_alignment.problems(drifted) == [
        f"{page_alignment.where('p.md', first, other)}: exercise and solution labels differ: "
        f"item 1 is 'p-ex-a' in {first} but 'p-ex-b' in {other}"
    ]


def test_an_exercise_without_a_label_is_a_problem(tmp_path):
    tree = exercise_tree(tmp_path, {lang: exercise_page("a", label=False) for lang in page_alignment.LANGS})
    assert page_alignment.problems(tree) == [f"docs/{lang}/p.md:4: {{exercise}} has no :label:"
                                             for lang in page_alignment.LANGS]
