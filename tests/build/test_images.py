"""Every picture has alternative text in its page's language, and the alt text costs no execution.

A code cell that shows an image carries ``:alt: <text>`` in the page, in the page's
language. ``notesite/ext/snippet_cells.py`` removes the option before MyST-NB reads the
page, so that every language's notebooks (and their execution cache entry) stay
identical, and sets it as the ``alt`` of the cell's output images; a cell that shows
an image without it fails the build, naming the page and line.
"""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from notesite.core import htmlpages
from notesite.core import languages
from notesite.ext import page_alignment
from notesite.core import snippet_regions
from notesite.tools import sitebuild
from tests.browser import SITE, site_pages
from tests.helpers import LANGS, ROOT
from tests.build.minisite import FRONT_MATTER

HAN = re.compile(r"[\u3400-\u9fff]")
FIRST = LANGS[0]  # the notes' language; the others are its translations
# Per language, the tiny build's page title and its picture's alt text.
ALT_SAMPLES = ROOT / "tests" / "data" / "images_alt.json"


def in_its_script(lang: str, text: str) -> bool:
    """Han characters in ``text`` if and only if the language is written in Han (script "Hans")."""
    return (languages.get(lang).script == "Hans") == bool(HAN.search(text))


def alt_sample(lang: str) -> dict[str, str]:
    samples = json.loads(ALT_SAMPLES.read_text(encoding="utf-8"))
    assert lang in samples, f"{ALT_SAMPLES.relative_to(ROOT)} has no entry for the language {lang!r}"
    return samples[lang]
# A valid 1x1 PNG: the tiny build's cell shows it without needing matplotlib.
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def images_of(html: str) -> list[dict[str, str]]:
    """The attributes of every <img> of a page, in order."""
    return [image.attrs for image in htmlpages.parse(html, only="img").find_all("img")]


def cells_as_executed(text: str, page: str) -> list[tuple[str, str, str]]:
    """The code cells MyST-NB sees for a page: alt texts removed, regions filled in."""
    stripped, _ = snippet_regions.pop_alt_texts(text)
    expanded, _ = snippet_regions.expand(stripped, ROOT / "snippets", page)
    return [(c.args, c.options, c.body) for c in snippet_regions.find_cells(expanded)]


# --- the built site -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_image_has_alt_text_in_the_page_language(lang):
    missing, wrong_language, count = [], [], 0
    for page in site_pages(lang):
        for image in images_of((SITE / page).read_text(encoding="utf-8")):
            count += 1
            alt = (image.get("alt") or "").strip()
            # docutils writes the image's path when a node has no alt text: that is not one either
            if not alt or alt == image.get("src") or re.search(r"\.(png|jpe?g|gif|svg)$", alt):
                missing.append(f"{page}: <img src={image.get('src')!r}> has no alt text (alt={alt!r})")
            elif not in_its_script(lang, alt):
                wrong_language.append(f"{page}: alt {alt!r} is not in the page's language ({lang})")
    assert count > 0, "no images found: the loss curve at least should be there"
    assert missing == []
    assert wrong_language == []


def test_alt_texts_do_not_reach_the_notebooks():
    """After the alt texts are removed, every language's cells are identical (one cache entry)."""
    checked = 0
    for page in page_alignment.pages(ROOT, FIRST):
        text = {lang: (ROOT / "docs" / lang / page).read_text(encoding="utf-8") for lang in LANGS}
        if "{code-cell}" not in text[FIRST]:
            continue
        cells = {lang: cells_as_executed(text[lang], f"docs/{lang}/{page}") for lang in LANGS}
        for lang in LANGS:
            assert cells[lang] == cells[FIRST], (page, lang)
            assert not any(":alt:" in options for _, options, _ in cells[lang]), (page, lang)
        checked += 1
    assert checked > 0


def test_alt_texts_are_in_the_page_language():
    """Each :alt: in the sources is in its page's script (Han characters in the pages of a
    language written in Han, none in the others); every image cell of a page in one language
    has one in every other."""
    seen = 0
    for page in page_alignment.pages(ROOT, FIRST):
        alts = {}
        for lang in LANGS:
            _, cells = snippet_regions.pop_alt_texts((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))
            alts[lang] = [(cell.ref, alt) for cell, alt in cells]
        for lang in LANGS:
            assert [(ref, bool(alt)) for ref, alt in alts[lang]] == [(ref, bool(alt)) for ref, alt in alts[FIRST]], \
                (page, lang)
            for _, alt in alts[lang]:
                if alt:
                    seen += 1
                    assert in_its_script(lang, alt), (page, lang, alt)
    assert seen > 0


def test_pop_alt_texts_removes_only_the_alt_option():
    page = textwrap.dedent("""\
        Text.

        ```{code-cell} ipython3
        :snippet: a.py:one
        :alt: A curve that falls
        ```

        ```{code-cell} ipython3
        :snippet: a.py:two
        ```
        """)
    text, cells = snippet_regions.pop_alt_texts(page)
    assert ":alt:" not in text
    assert text == page.replace(":alt: A curve that falls\n", "")
    assert [(c.ref, c.line, alt) for c, alt in cells] == [("a.py:one", 3, "A curve that falls"), ("a.py:two", 8, "")]


# --- the mechanism, on a tiny Sphinx project ---------------------------------------------


PAGE = FRONT_MATTER + """\

# {title}

```{{code-cell}} ipython3
:snippet: pic.py:picture
{alt}```
"""


def _tiny_project(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "pic.py").write_text(
        f'"""A picture."""\n# %% picture\nimport base64\nfrom IPython.display import Image\n\n'
        f'Image(data=base64.b64decode("{PNG}"), format="png")\n'
    )
    (tmp_path / "conf.py").write_text(textwrap.dedent(f"""\
        extensions = ["myst_nb", "notesite.ext.snippet_cells"]
        nb_execution_mode = "cache"
        nb_execution_cache_path = {str(tmp_path / "cache")!r}
        snippets_ipython_dir = {str(ROOT / "docs" / "_ipython")!r}
        """))
    pages = {lang: PAGE.format(title=alt_sample(lang)["title"], alt=f":alt: {alt_sample(lang)['alt']}\n")
             for lang in LANGS}
    pages["none"] = PAGE.format(title="Picture", alt="")
    for name, text in pages.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.md").write_text(text, encoding="utf-8")


def _sphinx(tmp_path, name):
    args = sitebuild.sphinx_args(tmp_path, tmp_path / name, tmp_path / "out" / name, tmp_path / "doctrees" / name)
    build = sitebuild.run_sphinx(args, tmp_path, in_process=True)
    return build, build.kernels


@pytest.mark.full  # a tiny build that executes in every language
def test_alt_option_on_a_tiny_build(tmp_path):
    _tiny_project(tmp_path)
    kernels = {}
    for lang in LANGS:  # the first executes; the others' alt texts did not change the notebook
        proc, kernels[lang] = _sphinx(tmp_path, lang)
        assert proc.returncode == 0, proc.output
    assert kernels == {lang: int(lang == FIRST) for lang in LANGS}
    for lang in LANGS:
        html = (tmp_path / "out" / lang / "index.html").read_text(encoding="utf-8")
        assert [image.get("alt") for image in images_of(html)] == [alt_sample(lang)["alt"]], lang
        sample = alt_sample(lang)["alt"]
        assert in_its_script(lang, sample), f"{ALT_SAMPLES.name}: {lang!r}'s sample {sample!r} is in another script"
    # Without :alt: the build fails, naming the page and the line of the cell.
    none, none_kernels = _sphinx(tmp_path, "none")
    assert none_kernels == 0
    assert none.returncode != 0
    assert re.search(
        r"none/index\.md:10: ERROR: the code cell for pic\.py:picture shows an image but has no ':alt: <text>'",
        none.output,
    ), none.output
