"""Sphinx extension: make the Chinese search page work with Sphinx 9.0.

Sphinx 9.0's Chinese search language ships the English stemmer's JavaScript but
ends ``language_data.js`` with ``window.Stemmer = ChineseStemmer;``, a name that
does not exist, so the search page throws and never shows results (Sphinx issue
14229). This registers the same language with the stemmer code spelled out, so
the generated line names ``EnglishStemmer``, the class the shipped code defines.
The Python side (jieba word splitting, English stemming of Latin words) is
Sphinx's own and unchanged.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sphinx.search
from sphinx.search.zh import SearchChinese

import languages  # docs/_tools: which language searches in Chinese (languages.Language.search)

_JS = Path(sphinx.search.__file__).parent / "minified-js"


class SearchChineseFixed(SearchChinese):
    js_stemmer_rawcode = ""  # use js_stemmer_code below instead of the broken generated line
    js_stemmer_code = "\n".join(
        (
            (_JS / "base-stemmer.js").read_text(encoding="utf-8"),
            (_JS / SearchChinese.js_stemmer_rawcode).read_text(encoding="utf-8"),
            "window.Stemmer = EnglishStemmer;",
        )
    )


def skip_default_dict_reload(app, config) -> None:
    """Sphinx loads jieba's *default* dictionary again as a user dictionary (349,046
    ``add_word`` calls, seconds per Chinese build) unless ``dict`` is set; jieba already
    uses that dictionary, so an empty value skips the reload with the same result."""
    if languages.of_sphinx(config.language).search == SearchChinese.lang:
        config.html_search_options = {"dict": "", **(config.html_search_options or {})}


def setup(app):
    app.connect("config-inited", skip_default_dict_reload)
    import jieba

    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict..." on every Chinese build
    sphinx.search.languages[SearchChinese.lang] = SearchChineseFixed
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
