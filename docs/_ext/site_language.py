"""Sphinx extension: one conf.py, two language builds.

``conf.py`` runs before ``-D language=...`` is applied, so the per-language
settings (titles, MyST-NB's cell labels, the search language) are filled in here,
in ``config-inited``. Every page also gets ``other_lang_url``: the same page in
the other language, which the ``lang-switch.html`` template links to.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sphinx.errors import ConfigError

import sitebuild  # docs/_tools, on sys.path from conf.py: the languages' HTML lang tags

# The two sites: Sphinx language code -> site folder (and key of STRINGS).
SITES = {"zh_CN": "zh", "en": "en"}

STRINGS = {
    "zh": {
        "html_title": "PyTorch 学习笔记",
        "author": "PyTorch 学习笔记贡献者",  # en: author and copyright from conf.py
        "copyright": "2026 PyTorch 学习笔记贡献者",
        "search_bar_text": "搜索…",
        "nb_code_prompt_show": "显示{type}",
        "nb_code_prompt_hide": "隐藏{type}",
        "other_lang_name": "English",
        "other_lang_label": "Read this page in English",
    },
    "en": {
        "html_title": "PyTorch Study Notes",
        "search_bar_text": "Search…",
        "nb_code_prompt_show": "Show code cell {type}",
        "nb_code_prompt_hide": "Hide code cell {type}",
        "other_lang_name": "中文",
        "other_lang_label": "阅读本页的中文版",
    },
}


def site_of(language: str | None) -> str:
    if language not in SITES:
        raise ConfigError(
            f"language must be one of {sorted(SITES)} (pass -D language=...), got {language!r}"
        )
    return SITES[language]


def other_site(site: str) -> str:
    return "en" if site == "zh" else "zh"


def other_lang_url(pagename: str, site: str) -> str:
    """Relative URL from ``<site>/<pagename>.html`` to the same page of the other site."""
    depth = len(PurePosixPath(pagename).parts) - 1  # folders below the site root
    return "../" * (depth + 1) + f"{other_site(site)}/{pagename}.html"


def configure(app, config) -> None:
    site = site_of(config.language)
    for key, value in STRINGS[site].items():
        if key.startswith(("html_", "nb_")) or key in ("author", "copyright"):
            setattr(config, key, value)
    config.html_theme_options = {**config.html_theme_options, "search_bar_text": STRINGS[site]["search_bar_text"]}
    config.html_context = {**config.html_context, "site_lang": site}
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
    site = site_of(app.config.language)
    context["site_lang"] = site
    context["other_lang_url"] = other_lang_url(pagename, site)
    context["other_lang_name"] = STRINGS[site]["other_lang_name"]
    # The switch's name is written in the other language; lang= makes a screen reader say it so.
    context["other_lang_tag"] = sitebuild.html_lang(other_site(site))
    context["other_lang_label"] = STRINGS[site]["other_lang_label"]


def setup(app):
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
