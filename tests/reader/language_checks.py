"""Is a text in the language it should be in? The checks of tests/reader/test_chrome.py, shared with
the full tier's page sweep (test_page_sweep.py), which runs the accessible-name check on every page.

A language's text is judged by its script (notesite/core/languages.py): a "Hans" text must not be
a bare English word, a "Latn" text has no Han characters. Code, keyboard keys and file names are
not language.
"""

from __future__ import annotations

import re

from notesite.core import languages

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
WORD = re.compile(r"[A-Za-z]{3,}")
# Names, not language: the product, the languages' names (the switch, the landing page), keys.
NAMES = {"PyTorch", "Ctrl", "GPU", "CUDA"} | {lang.name for lang in languages.LANGUAGES}


def english_words(text: str) -> list[str]:
    words = []
    for token in text.split():
        if "/" in token or "_" in token or "(" in token or re.search(r"\w\.\w|^\.\w", token):
            continue  # file names and extensions, paths, dotted names, calls
        words += [w for w in WORD.findall(token) if w not in NAMES]
    return words


def foreign(text: str, script: str) -> bool:
    """Whether ``text`` is not written in ``script`` (an ISO 15924 code from notesite/core/languages.py):
    for "Hans", an English word and no Chinese; for "Latn", any Chinese."""
    if script == "Hans":
        return not CJK.search(text) and bool(english_words(text))
    if script == "Latn":
        return bool(CJK.search(text))
    raise ValueError(f"no check for text in the script {script!r}: teach tests/reader/language_checks.py foreign() it")


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


def language_of_tag(tag: str) -> languages.Language | None:
    """The site's language whose HTML ``lang`` is ``tag`` (or has its primary subtag), or None."""
    exact = [lang for lang in languages.LANGUAGES if lang.html_lang.lower() == tag.lower()]
    primary = [lang for lang in languages.LANGUAGES
               if lang.html_lang.split("-")[0].lower() == tag.split("-")[0].lower()]
    return (exact or primary or [None])[0]


def names_in_wrong_language(found: list[list[str]]) -> list[str]:
    """``lang``, where, name: the names that are not in the language of their element."""
    bad = []
    for tag, where, text in found:
        lang = language_of_tag(tag)
        if lang is None:
            bad.append(f"{where} {text!r} (lang={tag}, which is none of the site's languages)")
        elif foreign(text, lang.script):
            bad.append(f"{where} {text!r} (lang={tag})")
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
