"""Sphinx extension: one conf.py, one build per language.

``conf.py`` runs before ``-D language=...`` is applied, so the per-language
settings (titles, MyST-NB's cell labels, the search language) are filled in here,
in ``config-inited``, from ``notesite/core/languages.py``. Every page also gets
``lang_switch``: the same page in each other language, which the
``lang-switch.html`` template links to.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sphinx.errors import ConfigError

from notesite.core import languages
from notesite.core import paths

# The settings each language's strings replace (the other strings are the extensions' and templates').
SETTINGS = ("html_title", "author", "copyright", "nb_code_prompt_show", "nb_code_prompt_hide",
            "togglebutton_hint", "togglebutton_hint_hide")
# The catalogues of docs/_locale/<language>/LC_MESSAGES that this extension registers (Sphinx
# compiles and registers the "sphinx" domain itself): the book theme's, and sphinx-exercise's.
CATALOGUES = ("booktheme", "exercise")


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
    """Register docs/_locale's catalogues of the themes and extensions (``CATALOGUES``).

    Sphinx compiles the ``sphinx`` domain of ``locale_dirs`` itself; the other
    domains are compiled here and registered now. The booktheme catalogue comes
    before sphinx-book-theme's own (the builder loads the theme later, which then
    adds its catalogue behind this one), so it corrects the theme's entries.
    sphinx-exercise registered its catalogue when it was set up, so the exercise
    catalogue comes behind it and supplies the entries it lacks (its Chinese has no
    "Solution").
    """
    from sphinx.util.i18n import CatalogRepository

    for locale_dir in config.locale_dirs:
        repo = CatalogRepository(app.confdir, [locale_dir], config.language, config.source_encoding)
        for catalog in repo.catalogs:
            if catalog.domain in CATALOGUES:
                if catalog.is_outdated():
                    catalog.write_mo(config.language)
                app.add_message_catalog(catalog.domain, str(Path(app.confdir) / locale_dir))


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
    context["pdf_download"] = {"path": f"../{paths.PDF_FOLDER}/{paths.pdf_name(lang.code)}",
                               "label": lang["pdf_label"]}


def setup(app):
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
