"""The page chrome speaks the page's language, accessible names included.

The themes ship English strings that their catalogues for the Chinese pages leave
untranslated (the colour-mode menu, the sidebar tooltips, the search box, the footer,
the navigation landmarks) or hard-code in templates. docs/_locale and docs/_templates
translate them. Which text is in the wrong language is decided by the script of the
page's language (notesite/core/languages.py): a "Hans" page must not show a bare English
word, a "Latn" page no Han characters. The language switch is the exception: it names
each other language in that language (its ``name`` and ``switch_label``). Two checks:

* every built page, as written: on a "Hans" page, any tooltip, label, placeholder or
  text outside the article with an English word and no Chinese; on a "Latn" page,
  any Chinese outside the article;
* in Chromium (the sample pages here; every page in test_page_sweep.py), once its scripts have
  run and a copy button has been clicked: every accessible name and tooltip
  (aria-label, title, alt, placeholder, an SVG's title, the copy button's tooltip,
  the ones Bootstrap moves into data attributes) must be in the language of its
  element (the nearest ``lang``): scripts set some of them, which the first check
  cannot see.

The article's text is the authors' business (the glossary test checks its terms);
code, keyboard keys and file names are not language.
"""

from __future__ import annotations

import pytest

from notesite.core import htmlpages
from notesite.core import languages
from tests.browser import LANGS, SITE, is_sample, site_pages, tiered
from tests.reader.language_checks import NAMES_JS, accessible_names, foreign, names_in_wrong_language

SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "article", "svg"}
ATTRS = ("title", "aria-label", "placeholder", "alt")


def skipped(element) -> bool:
    """Whether an element's content is no chrome: code, scripts, the article, or an internal link
    (the navigation and the page's table of contents repeat the authors' titles, which belong to
    the article)."""
    internal = element.name == "a" and "reference internal" in " ".join(element.get("class", []))
    return element.name in SKIP_TAGS or internal


def chrome(page) -> list[tuple[int, str, str]]:
    """(line, where, text) of the text and attributes outside the article, code and scripts, in order.

    ``page``: a path under _build/html, or a parsed page. A skipped element's own attributes
    count (its content does not); a text's line is its element's.
    """
    found = []
    for item in htmlpages.walk(htmlpages.read(SITE / page) if isinstance(page, str) else page, skipped):
        if isinstance(item, str):
            if item.strip():
                found.append((item.parent.sourceline, "text", item.strip()))
        else:
            found += [(item.sourceline, f"<{item.name} {name}>", value)
                      for name, value in item.attrs.items() if name in ATTRS and value]
    return found


# The language switch names each other language in that language.
SWITCH = {lang.code: {text for other in languages.others(lang) for text in (other.name, other.switch_label)}
          for lang in languages.LANGUAGES}


def untranslated(text: str, code: str) -> bool:
    """Chrome text on a page of language ``code`` that is not in its language (nor the switch)."""
    return text not in SWITCH[code] and foreign(text, languages.get(code).script)


def test_detectors():
    assert foreign("Toggle primary sidebar", "Hans") and foreign("© Copyright 2026, PyTorch Notes contributors.", "Hans")
    assert not foreign("显示或隐藏导航栏", "Hans") and not foreign("snippets/tensors/basics/size.py", "Hans")
    assert not foreign(".ipynb", "Hans") and not foreign("contiguous()", "Hans") and foreign("Print to PDF", "Hans")
    assert foreign("Main", "Hans") and not foreign("主导航", "Hans")
    assert foreign("显示或隐藏导航栏", "Latn") and not foreign("Toggle primary sidebar", "Latn")
    with pytest.raises(ValueError, match="Cyrl"):
        foreign("Главная", "Cyrl")
    for lang in languages.LANGUAGES:  # the switch's texts are in the other language, and allowed
        for other in languages.others(lang):
            assert not untranslated(other.name, lang.code) and not untranslated(other.switch_label, lang.code)
            if other.script != lang.script:  # the same text elsewhere on the page is not
                assert foreign(other.switch_label, lang.script)
    found = chrome(htmlpages.parse('<div title="Color mode"><article><p>Tensor</p></article><span>Print to PDF</span>'
                                   '<a class="reference internal" href="#x">DataLoader</a></div>'))
    assert [t for _, _, t in found] == ["Color mode", "Print to PDF"]


@pytest.mark.parametrize("lang,path", tiered([(lang, path) for lang in LANGS for path in site_pages(lang)],
                                             page_of=lambda v: v[1]))
def test_chrome_is_in_the_page_language(lang, path):
    bad = [f"line {line}: {where} {text!r}" for line, where, text in chrome(path) if untranslated(text, lang)]
    script = languages.get(lang).script
    assert not bad, (f"_build/html/{path} shows chrome not in its language's script {script} "
                     f"(translate it in docs/_locale):\n" + "\n".join(bad))


# --- accessible names in the browser, after the scripts have run ----------------------------------

@pytest.mark.browser
def test_name_detector_sees_what_scripts_set(warm_tab):
    tab = warm_tab(None)
    chinese, latin = languages.by_script("Hans")[0], languages.by_script("Latn")[0]
    tab.set_content(f'<html lang="{chinese.html_lang}"><body><button id="b">x</button><nav aria-label="主导航"></nav>'
                    f'<a lang="{latin.html_lang}" title="{latin.switch_label}">{latin.name}</a>'
                    '<p lang="xx-Test" title="Hello">x</p>'
                    '<script>document.getElementById("b").setAttribute("aria-label", "Copy to clipboard")</script>'
                    "</body></html>")
    assert names_in_wrong_language(tab.evaluate(NAMES_JS)) == [
        f"<button aria-label> 'Copy to clipboard' (lang={chinese.html_lang})",
        "<p title> 'Hello' (lang=xx-Test, which is none of the site's languages)"]


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in site_pages() if is_sample(p)])  # every page: test_page_sweep.py
def test_accessible_names_in_the_page_language(warm_tab, path):
    tab = warm_tab(path)
    bad = names_in_wrong_language(accessible_names(tab))
    assert not bad, f"{path}: accessible names in the wrong language (translate them in docs/_locale):\n" + "\n".join(
        sorted(set(bad)))
