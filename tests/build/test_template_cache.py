"""notesite/ext/template_cache.py: each template compiles once per process, and again when it changes.

Each test makes Jinja environments as Sphinx makes one per build (a sandboxed environment that
loads the templates from files), with the extension's process-wide cache, and counts what
they compile.
"""

from __future__ import annotations

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from notesite.ext import template_cache


@pytest.fixture
def cache(monkeypatch):
    """A fresh process cache (the one the builds of this process use is left alone)."""
    fresh = template_cache.ProcessBytecodeCache()
    monkeypatch.setattr(template_cache, "CACHE", fresh)
    return fresh


def build_environment(folder, monkeypatch, compiled: list, extensions=()):
    """A new environment, as each build makes, with the cache the extension gives it."""
    environment = SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(folder)), extensions=list(extensions))
    environment.bytecode_cache = template_cache.CACHE
    compile_source = environment.compile

    def counted(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    monkeypatch.setattr(environment, "compile", counted)
    return environment


def test_a_template_compiles_once_then_again_when_edited(tmp_path, monkeypatch, cache):
    page = tmp_path / "page.html"
    page.write_text("<p>{{ title }}</p>", encoding="utf-8")
    compiled = []
    first = build_environment(tmp_path, monkeypatch, compiled).get_template("page.html")
    second = build_environment(tmp_path, monkeypatch, compiled).get_template("page.html")
    assert compiled == ["page.html"], "the second build compiled the unchanged template again"
    assert first.render(title="A") == second.render(title="A") == "<p>A</p>"
    page.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    edited = build_environment(tmp_path, monkeypatch, compiled).get_template("page.html")
    assert compiled == ["page.html", "page.html"], "the edited template was not compiled again"
    assert edited.render(title="A") == "<h1>A</h1>"


def test_environments_set_up_differently_do_not_share_code(tmp_path, monkeypatch, cache):
    """Sphinx adds Jinja's i18n extension when the build has a translator: a template with
    {% trans %} compiles with it, and fails without it, whatever was cached before."""
    (tmp_path / "page.html").write_text("{% trans %}Hello{% endtrans %}", encoding="utf-8")
    compiled = []
    with_i18n = build_environment(tmp_path, monkeypatch, compiled, extensions=["jinja2.ext.i18n"])
    with_i18n.install_null_translations()
    assert with_i18n.get_template("page.html").render() == "Hello"
    plain = build_environment(tmp_path, monkeypatch, compiled)
    with pytest.raises(jinja2.TemplateSyntaxError, match="trans"):
        plain.get_template("page.html")
