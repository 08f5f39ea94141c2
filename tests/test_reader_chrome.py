"""The page chrome speaks the page's language, accessible names included.

The themes ship English strings that their zh_CN catalogues leave untranslated
(the colour-mode menu, the sidebar tooltips, the search box, the footer, the
navigation landmarks) or hard-code in templates. docs/_locale and docs/_templates
translate them. Two checks:

* every built page, as written: on a zh page, any tooltip, label, placeholder or
  text outside the article with an English word and no Chinese; on an en page,
  any Chinese outside the article;
* every page in Chromium (the fast tier: the sample pages), once its scripts have
  run and a copy button has been clicked: every accessible name and tooltip
  (aria-label, title, alt, placeholder, an SVG's title, the copy button's tooltip,
  the ones Bootstrap moves into data attributes) must be in the language of its
  element (the nearest ``lang``): scripts set some of them, which the first check
  cannot see.

The article's text is the authors' business (the glossary test checks its terms);
code, keyboard keys and file names are not language.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from browser import SITE, site_pages, tiered
from site_language import STRINGS

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
WORD = re.compile(r"[A-Za-z]{3,}")
# Names, not language: the product, the other language's name on the switch, keys.
NAMES = {"PyTorch", "English", "Ctrl", "GPU", "CUDA"}
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "article", "svg"}
ATTRS = ("title", "aria-label", "placeholder", "alt")


class Chrome(HTMLParser):
    """Text and attributes outside the article, code and scripts, with line numbers.

    The text of internal links (the navigation and the page's table of contents)
    is skipped: it repeats the authors' titles, which belong to the article.
    """

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, its content is skipped)
        self.found: list[tuple[int, str, str]] = []  # (line, where, text)

    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        if not self.skipping():
            for name, value in attrs:
                if name in ATTRS and value:
                    self.found.append((self.getpos()[0], f"<{tag} {name}>", value))
        if tag not in self.VOID:
            title_link = tag == "a" and "reference internal" in (dict(attrs).get("class") or "")
            self.stack.append((tag, tag in SKIP_TAGS or title_link))

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self.skipping() and data.strip():
            self.found.append((self.getpos()[0], "text", data.strip()))


def chrome(page: str) -> list[tuple[int, str, str]]:
    parser = Chrome()
    parser.feed((SITE / page).read_text(encoding="utf-8"))
    return parser.found


def english_words(text: str) -> list[str]:
    words = []
    for token in text.split():
        if "/" in token or "_" in token or "(" in token or re.search(r"\w\.\w|^\.\w", token):
            continue  # file names and extensions, paths, dotted names, calls
        words += [w for w in WORD.findall(token) if w not in NAMES]
    return words


# The language switch names the other language in that language.
SWITCH = {site: {strings["other_lang_name"], strings["other_lang_label"]} for site, strings in STRINGS.items()}


def untranslated_zh(text: str) -> bool:
    return text not in SWITCH["zh"] and not CJK.search(text) and bool(english_words(text))


def test_detectors():
    assert untranslated_zh("Toggle primary sidebar") and untranslated_zh("© Copyright 2026, PyTorch Notes contributors.")
    assert not untranslated_zh("显示或隐藏导航栏") and not untranslated_zh("English")
    assert not untranslated_zh("snippets/tensors/basics/size.py") and not untranslated_zh(".ipynb")
    assert not untranslated_zh("contiguous()") and untranslated_zh("Print to PDF")
    assert untranslated_zh("Main") and not untranslated_zh("主导航")
    found = Chrome()
    found.feed('<div title="Color mode"><article><p>Tensor</p></article><span>Print to PDF</span>'
               '<a class="reference internal" href="#x">DataLoader</a></div>')
    assert [t for _, _, t in found.found] == ["Color mode", "Print to PDF"]


@pytest.mark.parametrize("page", site_pages("zh"))
def test_zh_chrome_is_chinese(page):
    bad = [f"line {line}: {where} {text!r}" for line, where, text in chrome(page) if untranslated_zh(text)]
    assert not bad, f"_build/html/{page} shows English chrome (translate it in docs/_locale):\n" + "\n".join(bad)


@pytest.mark.parametrize("page", site_pages("en"))
def test_en_chrome_is_english(page):
    bad = [f"line {line}: {where} {text!r}" for line, where, text in chrome(page)
           if CJK.search(text) and text not in SWITCH["en"]]
    assert not bad, f"_build/html/{page} shows Chinese chrome:\n" + "\n".join(bad)


# --- accessible names in the browser, after the scripts have run ----------------------------------

NAMES_JS = r"""() => {
  const ATTRS = ["aria-label", "title", "alt", "placeholder", "aria-description", "aria-roledescription",
                 "aria-valuetext", "data-tooltip", "data-bs-original-title", "data-bs-title"];
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    const lang = (el.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
    for (const attr of ATTRS) {
      const value = (el.getAttribute(attr) || "").trim();
      if (value) found.push([lang, `<${el.localName} ${attr}>`, value]);
    }
    if (el.localName === "title" && el.closest("svg") && el.textContent.trim()) {
      found.push([lang, "<svg><title>", el.textContent.trim()]);
    }
  }
  return found;
}"""


def names_in_wrong_language(found: list[list[str]]) -> list[str]:
    """``lang``, where, name: the names that are not in the language of their element."""
    bad = []
    for lang, where, text in found:
        wrong = bool(english_words(text)) and not CJK.search(text) if lang.startswith("zh") else bool(CJK.search(text))
        if wrong:
            bad.append(f"{where} {text!r} (lang={lang})")
    return bad


def accessible_names(tab) -> list[list[str]]:
    tab.wait_for_load_state("load")
    found = tab.evaluate(NAMES_JS)
    button = tab.locator("button.copybtn").first
    if button.count():  # the copy button's tooltip changes when clicked
        button.locator("..").hover()
        button.click()
        found += tab.evaluate(NAMES_JS)
    return found


@pytest.mark.browser
def test_name_detector_sees_what_scripts_set(site):
    _, browser = site
    tab = browser.new_page()
    tab.set_content('<html lang="zh-CN"><body><button id="b">x</button><nav aria-label="主导航"></nav>'
                    '<a lang="en" title="Read this page in English">English</a>'
                    '<script>document.getElementById("b").setAttribute("aria-label", "Copy to clipboard")</script>'
                    "</body></html>")
    assert names_in_wrong_language(tab.evaluate(NAMES_JS)) == ["<button aria-label> 'Copy to clipboard' (lang=zh-CN)"]
    tab.close()


@pytest.mark.browser
@pytest.mark.parametrize("page", tiered(site_pages()))
def test_accessible_names_in_the_page_language(site, page):
    url, browser = site
    tab = browser.new_page()
    tab.goto(f"{url}/{page}")
    bad = names_in_wrong_language(accessible_names(tab))
    tab.close()
    assert not bad, f"{page}: accessible names in the wrong language (translate them in docs/_locale):\n" + "\n".join(
        sorted(set(bad)))
