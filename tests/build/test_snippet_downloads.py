"""Unit tests of notesite/ext/snippet_downloads.py, and what it adds to the mini-site's pages."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from notesite.core import languages
from notesite.ext import snippet_downloads as sd
from notesite.core import snippet_regions
from notesite.core import paths
from tests.helpers import LANGS
from tests.build.minisite import FRONT_MATTER

PAGE = FRONT_MATTER + """\

# Demo

```{code-cell} ipython3
:snippet: demo/first.py:one
```

```{code-cell} ipython3
:snippet: demo/second.py:only
```

```{code-cell} ipython3
:snippet: demo/first.py:two
```
"""


def test_snippet_files_in_page_order_without_repeats():
    assert sd.snippet_files([cell.ref for cell in snippet_regions.find_cells(PAGE)]) == ["demo/first.py", "demo/second.py"]
    assert sd.snippet_files([]) == []


@pytest.mark.parametrize(
    "pagename,expected",
    [("index", "_snippets/a/b.py"), ("tensors/basics", "../_snippets/a/b.py"), ("x/y/z", "../../_snippets/a/b.py")],
)
def test_download_url_is_relative_to_the_page(pagename, expected):
    assert sd.download_url(pagename, "a/b.py") == expected


def test_download_name_is_the_flattened_path():
    assert sd.download_name("tensors/basics/dtypes.py") == "tensors_basics_dtypes.py"
    assert sd.download_name("install/cuda_check.py") == "install_cuda_check.py"


def test_strings_per_language(tmp_path):
    """A build in each Sphinx language gets its own language's title and hint for the list."""
    titles = [lang["downloads_title"] for lang in languages.LANGUAGES]
    assert len(set(titles)) == len(titles), titles  # each language its own: a wrong pick shows
    for lang in languages.LANGUAGES:
        app = SimpleNamespace(config=SimpleNamespace(language=lang.sphinx), builder=SimpleNamespace(format="html"),
                              env=SimpleNamespace(snippet_downloads={"p": ["a/b.py"]}), outdir=str(tmp_path))
        context = {}
        sd.page_context(app, "p", "page.html", context, None)
        assert context["snippet_downloads_title"] == lang["downloads_title"], lang.code
        assert context["snippet_downloads_hint"] == lang["downloads_hint"], lang.code
        assert context["snippet_downloads"] == [{"path": "a/b.py", "name": "a_b.py", "url": "_snippets/a/b.py"}]


def test_dead_source_button_dropped_only_without_a_source():
    def context(sourcename):
        buttons = [{"label": "download-notebook-button"}, {"label": "download-source-button"}, {"label": "download-pdf-button"}]
        return {"sourcename": sourcename, "header_buttons": [{"label": "download-buttons", "buttons": buttons}]}

    without = context("")
    sd.drop_dead_source_button(None, "p", "page.html", without, None)
    assert [b["label"] for b in without["header_buttons"][0]["buttons"]] == ["download-notebook-button", "download-pdf-button"]
    with_source = context("p.md")
    sd.drop_dead_source_button(None, "p", "page.html", with_source, None)
    assert len(with_source["header_buttons"][0]["buttons"]) == 3


# --- on the mini-site (tests/build/minisite.py), built with the real conf.py ---------------------------


def test_build_copies_the_modules_a_page_uses(mini):
    for lang in LANGS:
        out = paths.html_dir(mini.tree, lang)
        for name in ("counting.py", "spelling.py"):
            assert (out / "_snippets" / "mini" / name).read_bytes() == mini.path(f"snippets/mini/{name}").read_bytes()


@pytest.mark.parametrize("lang", LANGS)
def test_page_lists_its_modules_in_the_article_footer(mini, lang):
    html = mini.html(lang)
    assert languages.get(lang)["downloads_title"] in html  # in the page's language, no other
    for other in languages.others(languages.get(lang)):
        assert other["downloads_title"] not in html, other.code
    assert 'href="_snippets/mini/counting.py" download="mini_counting.py"' in html
    assert 'href="_snippets/mini/spelling.py" download="mini_spelling.py"' in html
    assert html.index("mini/counting.py") < html.index("mini/spelling.py")  # the page's order, no repeats
    assert "snippet-downloads" not in mini.html(lang, "index")


@pytest.mark.parametrize("lang", LANGS)
def test_page_offers_its_notebook_and_no_dead_source_link(mini, lang):
    html, out = mini.html(lang), paths.html_dir(mini.tree, lang)
    assert 'href="_sources/counting.ipynb"' in html
    assert "btn-download-source-button" not in html
    notebook = json.loads((out / "_sources" / "counting.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code == ["numbers = list(range(5))\nprint(numbers)", 'words = ["zero", "one", "two", "three", "four"]\n'
                    'print(" ".join(words))', 'total = sum(numbers)\nprint("total", total)']
    assert not (out / "_sources" / "index.ipynb").exists()  # no code cells: no notebook
