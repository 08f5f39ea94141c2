"""The one reader of HTML: built pages and HTML strings, for the extensions, the tools and the tests.

Every page is read by BeautifulSoup with Python's own parser (``html.parser``: nothing to
install beyond ``beautifulsoup4``), so that everything that reads the site sees the same
tree: entities decoded, ``<script>``, ``<style>`` and ``<template>`` contents kept apart from
the text, comments out of it, each element's line (``sourceline``) kept for messages.

* ``parse`` (a string) and ``read`` (a file) give the page as a ``BeautifulSoup`` (or only the
  elements of one tag name, for a reader that needs nothing else);
* ``walk`` goes through a page's elements and text in document order, leaving out the
  content of the elements a test or tool skips;
* ``text`` is what a reader sees of an element, without the elements named in ``skip``
  (``pre``, ``code``, ``math`` ...); ``article_text`` the same for the page's ``<article>``;
* ``links`` are the URLs a page loads or links to, ``ids`` what a ``#fragment`` can land on.

The module is named after what it reads so that it does not shadow the standard ``html``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, SoupStrainer, Tag

PARSER = "html.parser"
# The elements whose href or src is a link of the page (what the link checker follows).
LINK_TAGS = ("a", "link", "script", "img", "source")


def parse(markup: str, only: str | None = None) -> BeautifulSoup:
    """An HTML page or fragment, parsed.

    ``only``: a tag name; the tree then holds those elements alone (with what is inside them),
    for a reader that looks at nothing else (the rest of the page is read but no tree is built for
    it: the ``img`` elements of the built pages in 40 % of the time of the whole pages)."""
    return BeautifulSoup(markup, PARSER, parse_only=SoupStrainer(only) if only else None)


def read(path: Path | str, only: str | None = None) -> BeautifulSoup:
    """A built page (UTF-8), parsed (``only``: as for ``parse``)."""
    return parse(Path(path).read_text(encoding="utf-8"), only)


def walk(node: Tag, skip: Callable[[Tag], bool] = lambda element: False) -> Iterator[Tag | NavigableString]:
    """Every element under ``node`` and every text string of it, in document order.

    The content of an element for which ``skip(element)`` holds is left out (the element
    itself is not). The strings are text a reader sees: no comment, no CDATA (a comment in
    HTML), no script, style or template.
    """
    stack = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag):
            yield child
            if not skip(child):
                stack.append(iter(child.children))
        elif type(child) is NavigableString:  # its subclasses are comments, scripts, styles, templates ...
            yield child


def text(node: Tag, skip: Iterable[str] = ()) -> str:
    """What a reader sees of ``node``, without the elements named in ``skip`` and their content.

    ``get_text()`` with ``skip``; like a browser, and unlike ``get_text()``, no ``<![CDATA[...]]>``.
    """
    skip = frozenset(skip)
    return "".join(item for item in walk(node, lambda element: element.name in skip) if isinstance(item, str))


def article(page: BeautifulSoup) -> Tag:
    """The page's ``<article>``: its content, without the theme's navigation, header and footer."""
    found = page.find("article")
    if found is None:
        raise ValueError("the page has no <article>")
    return found


def article_text(page: BeautifulSoup, skip: Iterable[str] = ()) -> str:
    """The text of the page's article, without the elements named in ``skip`` (``text``)."""
    return text(article(page), skip)


def links(page: BeautifulSoup) -> list[str]:
    """Every ``href`` and ``src`` of the page's links, stylesheets, scripts, images and sources, in order."""
    return [tag[name] for tag in page.find_all(LINK_TAGS) for name in ("href", "src") if tag.get(name)]


def ids(page: BeautifulSoup) -> set[str]:
    """What a ``#fragment`` of a link to the page can land on: every id, and every ``<a name>``."""
    return ({tag["id"] for tag in page.find_all(id=True)}
            | {tag["name"] for tag in page.find_all("a", attrs={"name": True})})
