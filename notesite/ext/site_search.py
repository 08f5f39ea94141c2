"""Sphinx extension: search that finds what a reader types, in every language.

Two parts, both inside Sphinx's own search page and index:

**Chinese words, cut the same way in the index and in the query.** Sphinx's Chinese
search indexes jieba's pieces of each sentence, but the browser does not cut a query the
same way, so a compound term (反向传播, 交叉熵) is looked up whole and misses, and
one-character words are dropped (Sphinx issue 2928). ``SearchChineseBigrams`` does what
Lucene's CJK analyser does instead: a run of Han characters is indexed as its single
characters and its overlapping pairs (反向传播 → 反 向 传 播 反向 向传 传播), and the
query is cut by the same rule in the browser (Sphinx's per-language ``splitQuery``): a run of two or more characters becomes its pairs, one character stays
itself (``_static/site-search-han.js``). Every pair must be in a page for it to match, so a term is found wherever it
stands, inside longer words too. Latin words are split, stemmed and filtered as Sphinx's
Chinese search does. The shipped stemmer is named correctly (Sphinx 9.0 ends
``language_data.js`` with ``window.Stemmer = ChineseStemmer``, a class that does not
exist, so the page never searched: Sphinx issue 14229).

**Results ranked and shown by what the pages say** (``_static/site-search.js``, loaded on
the search page only). Sphinx's index knows which pages hold a word, not how often, nor
in which section; a pair match may also come from two words that merely share
characters. The script takes Sphinx's candidates (``Search._performSearch``), reads each
candidate page (which Sphinx fetches anyway for its summaries), keeps the pages that
contain every Han term of the query, and ranks them: the query in a heading first, then
by how often the query's terms occur. Each result links to the section where the term
stands (its heading in the title, "page > section"), with the excerpt from that section
and the whole term highlighted, Chinese included.
"""

from __future__ import annotations

import re
from pathlib import Path

import sphinx.search
from sphinx.search import SearchLanguage
from sphinx.search.zh import SearchChinese

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs: extension A, unified, compatibility
# A run of Han characters, or a run of other word characters (letters, digits, _).
TOKEN = re.compile(rf"[{HAN}]+|[^\W{HAN}]+")
IS_HAN = re.compile(rf"[{HAN}]")
_JS = Path(sphinx.search.__file__).parent / "minified-js"
SCRIPT = "site-search.js"  # ranking and results, for every language
# The query cut as the index was (Sphinx's per-language ``splitQuery``): loaded on the search
# page only, not through language_data.js, which every page loads.
HAN_SCRIPT = "site-search-han.js"


def han_terms(run: str) -> list[str]:
    """A Han run as the index stores it: every character and every overlapping pair."""
    return list(run) + [run[i:i + 2] for i in range(len(run) - 1)]


class SearchChineseBigrams(SearchChinese):
    """Sphinx's Chinese search language with Han text indexed as characters and pairs."""

    js_splitter_script = HAN_SCRIPT  # the query side of the same rule, on the search page
    js_stemmer_rawcode = ""  # js_stemmer_code below instead of the broken generated line
    js_stemmer_code = "\n".join(
        (
            (_JS / "base-stemmer.js").read_text(encoding="utf-8"),
            (_JS / SearchChinese.js_stemmer_rawcode).read_text(encoding="utf-8"),
            "window.Stemmer = EnglishStemmer;",
        )
    )

    def __init__(self, options: dict[str, str]) -> None:
        SearchLanguage.__init__(self, options)  # no jieba dictionary: nothing here uses it
        self.latin_terms: set[str] = set()
        import snowballstemmer

        self.stemmer = snowballstemmer.stemmer("english")

    def split(self, input: str) -> list[str]:
        terms = []
        for run in TOKEN.findall(input):
            if IS_HAN.match(run):
                terms.extend(han_terms(run))
            else:
                terms.append(run)
                self.latin_terms.add(run)
        return terms

    def word_filter(self, stemmed_word: str) -> bool:
        # One Han character is a word (图, 批); a one-letter Latin word is not.
        return bool(IS_HAN.match(stemmed_word)) or len(stemmed_word) > 1

    def stem(self, word: str) -> str:
        return word if IS_HAN.match(word) else super().stem(word)


# The search languages this extension replaces, by Sphinx's search language code.
LANGUAGES = {SearchChinese.lang: SearchChineseBigrams}


def language_class(search: str) -> type[SearchLanguage]:
    """The class that indexes a Sphinx search language in this site's builds."""
    found = LANGUAGES.get(search) or sphinx.search.languages.get(search)
    if isinstance(found, str):
        module, _, name = found.rpartition(".")
        found = getattr(__import__(module, fromlist=[name]), name)
    return found or sphinx.search.SearchEnglish


def add_script(app, pagename, templatename, context, doctree) -> None:
    """The search page's scripts, on that page only (no other page gets heavier)."""
    if pagename == "search":
        # Deferred: they run after searchtools.js and language_data.js, before Search.init.
        splitter = getattr(language_class(app.config.html_search_language or app.config.language),
                           "js_splitter_script", None)
        if splitter:
            app.add_js_file(splitter, loading_method="defer")
        app.add_js_file(SCRIPT, loading_method="defer")


def setup(app):
    sphinx.search.languages.update(LANGUAGES)
    app.connect("html-page-context", add_script)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
