"""The contributing page (如何贡献) tells the truth: its template works and its commands exist.

* The snippet template (snippets/contributing/section_template.py) does what the
  page says, and its doctests sit in the package's __init__.py; the page skeletons (page_template_<code>.md, one per language) follow the page
  conventions and their code cell resolves.
* Every command quoted in a ``bash`` block of the contributing pages and of
  README.md is a real Makefile target (checked with ``make -n``, with the
  variables it sets defined in the Makefile), or a Python script that runs.
  ``make help`` runs for real.
* The ``console`` block shows the real output of the command it shows.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from notesite.core import markdown
from notesite.ext import page_alignment
from notesite.core import snippet_regions
from tests.helpers import LANGS, ROOT

PAGES = [ROOT / "docs" / lang / "contributing.md" for lang in LANGS]
DOCS_WITH_COMMANDS = PAGES + [ROOT / "README.md"]
TEMPLATES = {lang: ROOT / "snippets" / "contributing" / f"page_template_{lang}.md" for lang in LANGS}
# Per language, the words that open the skeleton's list of what a page teaches.
OPENINGS = ROOT / "tests" / "data" / "contributing_opening.json"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
TARGETS = set(re.findall(r"^([a-z][a-z-]*):(?!=)", MAKEFILE, re.M))
VARIABLES = set(re.findall(r"^([A-Z_]+) *[?:]?=", MAKEFILE, re.M))


def blocks(path: Path, lang: str) -> list[str]:
    """The bodies of the ```bash (or ```console) code blocks of a Markdown file, as MyST reads it."""
    return [b.body for b in markdown.parse(path.read_text(encoding="utf-8")).code_blocks if b.language == lang]


def commands() -> list[tuple[str, str]]:
    found = []
    for path in DOCS_WITH_COMMANDS:
        for body in blocks(path, "bash"):
            for line in body.splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    found.append((path.relative_to(ROOT).as_posix(), line))
    return found


def split(line: str) -> tuple[dict[str, str], list[str]]:
    """Leading VAR=value assignments, then the command's words (comments dropped)."""
    words = shlex.split(line, comments=True)
    env = {}
    while words and re.match(r"^[A-Z_]+=", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


@functools.cache  # every language quotes the same commands: each runs once per session
def run_python(script: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, script], cwd=ROOT, capture_output=True, text=True, timeout=300)


# The snippet template ------------------------------------------------------------


def test_template_module_does_what_the_page_says(snippet):
    import torch

    ns = snippet("contributing/section_template.py")
    assert ns["x"].shape == (2, 3)  # seeded: the same numbers on every run
    torch.manual_seed(0)
    assert torch.equal(ns["x"], torch.rand(2, 3))
    assert torch.equal(ns["y"], ns["x"] * 2)
    assert torch.equal(ns["scale"](torch.arange(3)), torch.tensor([0, 2, 4]))


def test_template_doctests_live_in_the_package_init():
    """The template's helper is checked by a doctest, kept where no page shows it (tests/content/test_shown_code.py):
    the package's __init__.py, which the pages name and pytest collects (conftest.py)."""
    init = ROOT / "snippets" / "contributing" / "__init__.py"
    docstring = init.read_text(encoding="utf-8")
    assert ">>> from snippets.contributing.section_template import scale" in docstring
    assert ">>> scale(" in docstring
    assert ">>>" not in (ROOT / "snippets" / "contributing" / "section_template.py").read_text(encoding="utf-8")
    for page in PAGES:
        assert "snippets/contributing/__init__.py" in page.read_text(encoding="utf-8"), page


def test_pages_show_every_region_of_the_template_in_order():
    regions = list(snippet_regions.parse_regions(ROOT / "snippets" / "contributing" / "section_template.py"))
    for page in PAGES:
        refs = page_alignment.snippet_refs(page.read_text(encoding="utf-8"))
        assert refs == [f"contributing/section_template.py:{r}" for r in regions]


@pytest.mark.parametrize("lang", TEMPLATES)
def test_page_skeleton_follows_the_conventions(lang):
    text = TEMPLATES[lang].read_text(encoding="utf-8")
    standard = page_alignment.front_matter((ROOT / "docs" / lang / "tensors" / "basics.md").read_text(encoding="utf-8"))
    assert page_alignment.front_matter(text) == standard
    assert page_alignment.labels(text) == ["chapter", "chapter-section", "chapter-summary"]
    assert page_alignment.unlabelled_headings(text) == []  # what tests/content/test_pages_align.py asks of a page
    cells = snippet_regions.find_cells(text)
    assert cells and all(snippet_regions.resolve(c, ROOT / "snippets", str(TEMPLATES[lang])) for c in cells)
    openings = json.loads(OPENINGS.read_text(encoding="utf-8"))
    assert lang in openings, f"{OPENINGS.relative_to(ROOT)} has no entry for the language {lang!r}"
    assert openings[lang] in text
    assert "version-note" in text
    assert f"page_template_{lang}.md" in (ROOT / "docs" / lang / "contributing.md").read_text(encoding="utf-8")


def test_every_skeleton_has_the_same_cells_and_labels():
    first, *others = (TEMPLATES[lang].read_text(encoding="utf-8") for lang in LANGS)
    for text in others:
        assert page_alignment.labels(text) == page_alignment.labels(first)
        assert page_alignment.snippet_refs(text) == page_alignment.snippet_refs(first)


# Quoted commands -----------------------------------------------------------------


def test_documents_quote_commands():
    quoted = commands()
    for path in DOCS_WITH_COMMANDS:
        assert any(p == path.relative_to(ROOT).as_posix() for p, _ in quoted), path
    assert any(split(line)[1][:2] == ["make", "help"] for _, line in quoted)


@pytest.mark.parametrize("where,line", commands(), ids=[f"{p}:{line.split('#')[0].strip()}" for p, line in commands()])
def test_quoted_command_is_real(where, line):
    env, words = split(line)
    assert words, f"{where}: {line!r} has no command"
    if words[0] == "make":
        targets = [w for w in words[1:] if "=" not in w and not w.startswith("-")]
        variables = set(env) | {w.split("=", 1)[0] for w in words[1:] if "=" in w}
        assert targets and set(targets) <= TARGETS, f"{where}: {line!r}: not a Makefile target"
        assert variables <= VARIABLES, f"{where}: {line!r}: {variables - VARIABLES} not a Makefile variable"
        if targets == ["help"]:
            proc = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
            assert proc.returncode == 0 and "make html" in proc.stdout
        else:  # a dry run: make knows how to do it
            proc = subprocess.run(
                ["make", "-n", *targets, f"VENV={sys.prefix}"], cwd=ROOT, capture_output=True, text=True,
                timeout=60, env={**os.environ, **env},
            )
            assert proc.returncode == 0, f"{where}: {line!r}\n{proc.stderr}"
    elif Path(words[0]).name.startswith("python"):
        assert len(words) == 2 and (ROOT / words[1]).is_file(), f"{where}: {line!r}"
        assert run_python(words[1]).returncode == 0
    else:
        pytest.fail(f"{where}: {line!r}: not a make target or a Python script; add a check for it here")


@pytest.mark.parametrize("doc", PAGES, ids=lambda p: p.parent.name)
def test_console_block_shows_the_real_output(doc):
    consoles = blocks(doc, "console")
    assert consoles, f"{doc}: no console block"
    for body in consoles:
        lines = body.splitlines()
        assert lines[0].startswith("$ ") and not any(line.startswith("$ ") for line in lines[1:])
        words = shlex.split(lines[0][2:])
        assert Path(words[0]).name.startswith("python") and len(words) == 2
        proc = run_python(words[1])
        assert proc.returncode == 0
        assert proc.stdout.splitlines() == lines[1:]


def test_extension_list_names_every_extension():
    """notesite/README.md lists each module of notesite/ext in a table row of its own, and
    names every module of notesite/core and notesite/tools."""
    listed = (ROOT / "notesite" / "README.md").read_text(encoding="utf-8")
    modules = sorted(p.name for p in (ROOT / "notesite" / "ext").glob("*.py") if p.name != "__init__.py")
    assert [m for m in modules if f"| `{m}` |" not in listed] == []
    others = sorted(p.stem for layer in ("core", "tools") for p in (ROOT / "notesite" / layer).glob("*.py")
                    if p.name != "__init__.py")
    assert [m for m in others if f"`{m}" not in listed] == []
