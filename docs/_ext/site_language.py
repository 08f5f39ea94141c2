"""Sphinx extension: one conf.py, one build per language.

``conf.py`` runs before ``-D language=...`` is applied, so the per-language
settings (titles, MyST-NB's cell labels, the search language) are filled in here,
in ``config-inited``, from ``docs/_tools/languages.py``. Every page also gets
``lang_switch``: the same page in each other language, which the
``lang-switch.html`` template links to.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sphinx.errors import ConfigError

import languages  # docs/_tools, on sys.path from conf.py
import sitebuild  # docs/_tools: the site's PDF folder and file names

# The settings each language's strings replace (the other strings are the extensions' and templates').
SETTINGS = ("html_title", "author", "copyright", "nb_code_prompt_show", "nb_code_prompt_hide")


def language_of(config) -> languages.Language:
    try:
        return languages.of_sphinx(config.language)
    except languages.UnknownLanguage as exc:
        raise ConfigError(exc.args[0]) from None


def switch_url(pagename: str, target: str) -> str:
    """Relative URL from ``<site>/<pagename>.html`` to the same page of the site ``target``."""
    depth = len(PurePosixPath(pagename).parts) - 1  # folders below the site root
    return "../" * (depth + 1) + f"{target}/{pagename}.html"


def configure(app, config) -> None:
    lang = language_of(config)
    for key in SETTINGS:
        setattr(config, key, lang[key])
    config.html_search_language = lang.search
    config.html_theme_options = {**config.html_theme_options, "search_bar_text": lang["search_bar_text"]}
    config.html_context = {**config.html_context, "site_lang": lang.code}
    if lang.locale:
        theme_catalogue(app, config)


def theme_catalogue(app, config) -> None:
    """Put docs/_locale's booktheme catalogue in front of sphinx-book-theme's own.

    Sphinx compiles the ``sphinx`` domain of ``locale_dirs`` itself; the theme's
    domain is compiled here, and registered now, before the builder loads the
    theme (which then adds its catalogue behind this one).
    """
    from sphinx.util.i18n import CatalogRepository

    for locale_dir in config.locale_dirs:
        repo = CatalogRepository(app.confdir, [locale_dir], config.language, config.source_encoding)
        for catalog in repo.catalogs:
            if catalog.domain == "booktheme":
                if catalog.is_outdated():
                    catalog.write_mo(config.language)
                app.add_message_catalog("booktheme", str(Path(app.confdir) / locale_dir))


def page_context(app, pagename, templatename, context, doctree) -> None:
    lang = language_of(app.config)
    context["site_lang"] = lang.code
    context["lang_choice_key"] = languages.CHOICE_KEY  # where lang-switch.js remembers the choice
    # The switch names each other language in that language; its lang= makes a screen reader say so.
    context["lang_switch"] = [
        {"url": switch_url(pagename, other.code), "code": other.code, "name": other.name,
         "label": other.switch_label, "tag": other.html_lang}
        for other in languages.others(lang)
    ]
    # The sidebar's link to this language's PDF (pdf-download.html; make pdf prints it).
    context["pdf_download"] = {"path": f"../{sitebuild.PDF_FOLDER}/{sitebuild.pdf_name(lang.code)}",
                               "label": lang["pdf_label"]}


def setup(app):
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
