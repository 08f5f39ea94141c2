"""The languages are declared in one module, notesite/core/languages.py, and nowhere else.

* The declarations are consistent: no two languages share a folder, a Sphinx language or
  an HTML lang; every language gives every string; a catalogue folder exists exactly for
  the languages that say they have one.
* No code file outside the module spells a language code (page folders and data may).
* A made-up third language, added only as an entry in a copy of the module and a page
  folder of its own, gets a working site: it builds with zero warnings, its search finds
  its pages, every page's switch offers it (and its switch offers the others), its pages
  list their snippet downloads in its words, the alignment check covers it, and the
  landing and 404 pages offer it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from notesite.core import htmlpages
from notesite.core import languages
from notesite.core import markdown
from notesite.core import paths
from tests.helpers import ROOT

# --- the declarations ---------------------------------------------------------------------------


def test_declarations_are_consistent():
    assert not languages.problems()


def test_inconsistent_declarations_are_named(monkeypatch):
    first, second = languages.LANGUAGES[:2]
    twin = dataclasses.replace(second, code=first.code, strings={k: v for k, v in second.strings.items()
                                                                 if k != "pdf_label"} | {"spare": "x"})
    monkeypatch.setattr(languages, "LANGUAGES", (first, twin))
    found = languages.problems()
    assert f"two languages share the code {first.code!r}" in found
    assert f"language {first.code!r} lacks the strings pdf_label" in found
    assert f"language {first.code!r} has strings no one uses: spare" in found


def test_unknown_language_is_named():
    with pytest.raises(languages.UnknownLanguage, match=r"no language 'xx'; the site's languages are"):
        languages.get("xx")
    with pytest.raises(languages.UnknownLanguage, match=r"Sphinx language 'xx_XX' is none of the site's"):
        languages.of_sphinx("xx_XX")


@pytest.mark.parametrize("lang", languages.LANGUAGES, ids=languages.CODES)
def test_catalogue_folder_exactly_where_declared(lang):
    folder = ROOT / languages.LOCALE_DIR / lang.sphinx / "LC_MESSAGES"
    assert folder.is_dir() == lang.locale, (lang.code, folder)


# --- no language code outside the module --------------------------------------------------------

# Code and templates; Markdown is prose for readers (README, pages), where a folder is named as such.
CODE_FILES = re.compile(r"(\.(py|html|js|css|cfg|ini|toml|yml|yaml|txt|jinja)|(^|/)(Makefile|run))$")


def allowed(path: str) -> bool:
    """The module itself, page folders and data may name languages."""
    return (
        path == "notesite/core/languages.py"
        or languages.of_path(path) is not None  # docs/<code>/...
        or path.startswith(("docs/_data/", "docs/_locale/", "tests/data/"))
    )


def spellings(langs=languages.LANGUAGES) -> re.Pattern:
    words = sorted({w for lang in langs for w in (lang.code, lang.sphinx, lang.html_lang)}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-]*\w)")


def language_codes_in(root: Path, files: list[str]) -> list[str]:
    pattern = spellings()
    found = []
    for name in files:
        if allowed(name) or not CODE_FILES.search(name):
            continue
        path = Path(root) / name
        found += [f"{name}:{n}: {line.strip()[:100]}" for n, line in
                  enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
                  if pattern.search(line) and "from sphinx.search." not in line]
        found += [f"{name}: the file name" for part in Path(name).parts if pattern.fullmatch(Path(part).stem)]
    return found


# What .gitignore leaves out, and git's own folder: the project's files are the rest (a checkout
# or the copy make bench tests, which is no git repository).
NOT_PROJECT = {".git", ".venv", "_build", "test-artifacts", "__pycache__", ".pytest_cache"}


def project_files(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in NOT_PROJECT)
        found += [(Path(folder) / f).relative_to(root).as_posix() for f in files if not f.endswith((".pyc", ".mo"))]
    return sorted(found)


def test_no_file_outside_the_module_spells_a_language_code():
    files = project_files(ROOT)
    assert "notesite/core/languages.py" in files and "conf.py" in files, files[:20]
    found = language_codes_in(ROOT, files)
    assert not found, "language codes outside notesite/core/languages.py:\n" + "\n".join(found)


def test_a_spelled_code_is_found(tmp_path):
    code = languages.FIRST.code
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(f'PAGE = "{code}/index.html"\nLANG = "{code}x"\n')
    (tmp_path / f"{code}.js").write_text("// nothing\n")
    (tmp_path / "docs" / code).mkdir(parents=True)
    (tmp_path / "docs" / code / "x.py").write_text(f'"{code}"\n')
    assert language_codes_in(tmp_path, ["tests/test_x.py", f"{code}.js", f"docs/{code}/x.py"]) == [
        f'tests/test_x.py:1: PAGE = "{code}/index.html"', f"{code}.js: the file name",
    ]


# --- a made-up third language -------------------------------------------------------------------

PSEUDO = str.maketrans("aeiouAEIOUnt", "ȧḗīǿŭȦḖĪǾŬƞŧ")
FIELD = re.compile(r"(\{[^}]*\}|<[^>]*>|`[^`]*`)")  # placeholders, markup and code stay as they are


def pseudo(text: str) -> str:
    """English made strange, the usual pseudo-localisation: every vowel accented."""
    return "".join(part if FIELD.fullmatch(part) else part.translate(PSEUDO) for part in FIELD.split(text))


# What a translator leaves as it is: whole lines of these (notesite/core/markdown.py's kinds).
UNTRANSLATED = {"front matter", "label", "code", "directive", "option", "comment", "html", "break", "math"}


def pseudo_page(text: str) -> str:
    """A page in the made-up language: headings and prose accented; front matter, labels, cells,
    directives' fence and option lines not (the page read as MyST reads it)."""
    kept = set()
    for span in markdown.parse(text).not_prose:
        if span.kind in UNTRANSLATED:
            kept.update(range(text.count("\n", 0, span.start), text.count("\n", 0, span.end) + 1))
    return "\n".join(line if n in kept else pseudo(line) for n, line in enumerate(text.split("\n")))


def add_language(tree: Path, model: languages.Language) -> languages.Language:
    """Declare the made-up language in the copy's languages.py and write its page folder."""
    made_up = languages.Language(
        code="qaa", sphinx="qaa", name=pseudo("Pseudo"), switch_label=pseudo("Read this page in Pseudo"),
        search=model.search, script=model.script, font=model.font, locale=False,
        strings={key: pseudo(value) for key, value in model.strings.items()},
    )
    module = tree / "notesite" / "core" / "languages.py"
    text = module.read_text(encoding="utf-8")
    end = "\n)\n\nCODES"
    assert text.count(end) == 1, "languages.py: the end of LANGUAGES moved; update add_language"
    module.write_text(text.replace(end, f"\n    {made_up!r},{end}"), encoding="utf-8")
    for page in (tree / "docs" / model.code).rglob("*.md"):
        dest = tree / "docs" / made_up.code / page.relative_to(tree / "docs" / model.code)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(pseudo_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    return made_up


def in_tree(tree: Path, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in the copy: ``python -c`` puts the current folder first on the path, so
    ``notesite`` is the copy's own (its languages.py), not the installed one."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tree, timeout=120)


@pytest.fixture(scope="module")
def trilingual(tmp_path_factory):
    """The mini-site with a third language, built by the copy's own `sitebuild.py html`."""
    from tests.build import minisite

    tree = minisite.create(tmp_path_factory.mktemp("trilingual") / "site")
    model = languages.by_script("Latn")[0]
    made_up = add_language(tree, model)
    proc = subprocess.run([sys.executable, "-m", "notesite.tools.sitebuild", "html"], cwd=tree, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return tree, made_up, proc


def soup(tree: Path, page: str):
    return htmlpages.read(paths.html_dir(tree) / page)


@pytest.mark.full
@pytest.mark.build
def test_third_language_builds_without_a_warning(trilingual):
    tree, made_up, proc = trilingual
    assert "WARNING" not in proc.stdout + proc.stderr
    codes = [line.split("[")[1].rstrip("]") for line in proc.stdout.splitlines() if line.startswith("sphinx-build [")]
    assert codes == [*languages.CODES, made_up.code]
    page = soup(tree, f"{made_up.code}/counting.html")
    assert page.html["lang"] == made_up.html_lang
    assert page.title.get_text().endswith(made_up["html_title"])


@pytest.mark.full
@pytest.mark.build
def test_third_language_in_every_switch(trilingual):
    tree, made_up, _ = trilingual
    everyone = [*languages.LANGUAGES, made_up]
    for lang in everyone:
        for page in ("index.html", "counting.html"):
            links = soup(tree, f"{lang.code}/{page}").select("a.lang-switch")
            offered = [(a["data-lang-switch"], a["href"], a["lang"], a["aria-label"], a.get_text(strip=True))
                       for a in links]
            assert offered == [(o.code, f"../{o.code}/{page}", o.html_lang, o.switch_label, o.name)
                               for o in everyone if o.code != lang.code], (lang.code, page)


@pytest.mark.full
@pytest.mark.build
def test_third_language_lists_snippet_downloads_in_its_words(trilingual):
    tree, made_up, _ = trilingual
    page = soup(tree, f"{made_up.code}/counting.html")
    footer = page.select_one(".snippet-downloads")
    assert footer is not None and made_up["downloads_title"] in footer.get_text()
    for a in footer.select("a[href]"):
        assert (paths.html_dir(tree) / made_up.code / a["href"]).is_file(), a["href"]
    assert made_up["gpu_recorded"].split("{")[0] in page.get_text()  # the [gpu] cell's recording, captioned


@pytest.mark.full
@pytest.mark.build
def test_landing_and_404_pages_offer_the_third_language(trilingual):
    tree, made_up, _ = trilingual
    everyone = [*languages.LANGUAGES, made_up]
    landing = soup(tree, "index.html")
    assert [(a["data-lang"], a["href"], a.strong.get_text()) for a in landing.select("a[data-lang]")] == [
        (lang.code, f"{lang.code}/index.html", lang.name) for lang in everyone]
    assert f'"{made_up.code}"' in landing.find_all("script")[0].get_text()  # a returning reader's choice
    missing = soup(tree, "404.html")
    assert [a["data-site"] for a in missing.select('a[data-page="index.html"]')] == [lang.code for lang in everyone]
    assert made_up["not_found"] in missing.get_text()


@pytest.mark.full
@pytest.mark.build
def test_alignment_covers_the_third_language(trilingual):
    tree, made_up, _ = trilingual
    check = "import json; from notesite.ext import page_alignment; print(json.dumps(page_alignment.problems({!r})))"
    assert json.loads(in_tree(tree, check.format(str(tree))).stdout) == []
    page = tree / "docs" / made_up.code / "counting.md"
    text = page.read_text(encoding="utf-8")
    try:
        page.write_text(text.replace("(counting-total)=\n", ""), encoding="utf-8")
        proc = in_tree(tree, check.format(str(tree)))
        found = json.loads(proc.stdout)
    finally:
        page.write_text(text, encoding="utf-8")
    assert any(f"docs/{{{languages.FIRST.code},{made_up.code}}}/counting.md: section labels differ" in m
               for m in found), found


@pytest.mark.full
@pytest.mark.build
@pytest.mark.browser
def test_third_language_search_finds_its_page(trilingual, browser):
    from tests import browser as site_browser

    tree, made_up, _ = trilingual
    word = pseudo("Counting")
    # The browser itself, not pytest-playwright's new_context: this serves the trilingual build, and
    # new_context would serve the built site too (its base URL), which this test does not need.
    with site_browser.serve(paths.html_dir(tree)) as url, browser.new_context() as context:
        tab = context.new_page()
        tab.goto(f"{url}/{made_up.code}/search.html?q={word}")
        tab.wait_for_selector("#search-results ul.search li", timeout=20_000)
        hits = tab.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(href.split("?")[0].endswith("counting.html") for href in hits), hits
