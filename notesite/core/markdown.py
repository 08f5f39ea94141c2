"""The one reader of the pages' MyST Markdown, with MyST-Parser's own markdown-it parser.

Everything that reads a page (``snippet_regions``, ``page_alignment``, ``translations``
and the tests) reads it here, so a page means the same to all of them as to the build:
a ``:snippet:`` shown inside a ```` ```markdown ```` example is no cell, a ``(label)=``
in a code block is no label, a ``$`` next to a digit is no formula. ``parse(text)`` gives
a :class:`Page`; every line number is 1-based and comes from the tokens' ``map``.

The parser is ``myst_parser.parsers.mdit.create_md_parser`` with :data:`CONFIG`, conf.py's
``myst_*`` settings (``tests/build/test_markdown.py`` holds them equal). A directive's
body is Markdown that MyST parses again inside the directive; so does this reader (its
labels, headings, math and prose belong to the page), except for the directives of
:data:`LITERAL`, whose body is code, page names or a file. Inline elements get their place
in the page from a wrapper around each inline rule (``_recorded``), which notes where in
the source the rule's tokens start and end; markdown-it keeps no such offsets itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable

from docutils.parsers.rst import Directive as _RstDirective
from docutils.parsers.rst import directives as _rst_directives
from markdown_it.helpers import parseLinkLabel
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

# conf.py's MyST settings (myst_*), the ones the parser reads; tests/build/test_markdown.py
# compares them with conf.py.
CONFIG = MdParserConfig(
    enable_extensions={"colon_fence", "deflist", "dollarmath"},
    dmath_allow_space=False,
    dmath_allow_digits=False,
    heading_anchors=0,
)
# Directives whose body is not Markdown: code, notebook cells, page names, a file to include.
LITERAL = frozenset({"code-cell", "raw-cell", "code-block", "code", "sourcecode", "literalinclude",
                     "toctree", "math", "raw", "eval-rst", "gpu-recording"})


@dataclass(frozen=True)
class Span:
    """A stretch of the page that is not prose: ``text[start:end]``.

    ``kind``: ``front matter``, ``label``, ``comment``, ``html``, ``break`` (``+++``),
    ``code`` (a code block or a literal directive, fences included), ``directive`` (a
    fence line of another directive; its title is prose), ``option`` (a directive option
    line), ``math``, ``inline code``, ``role``, ``link``, ``image``, ``url``. ``inner``: what a
    reader reads inside it: inline code's code, a link's text, an image's alt text.
    """

    kind: str
    start: int
    end: int
    inner: tuple[int, int] | None = None


@dataclass(frozen=True)
class Heading:
    level: int
    title: str  # as written, inline Markdown included
    line: int
    label: str | None  # the ``(label)=`` on the line right above, None without one


@dataclass(frozen=True)
class Directive:
    """```` ```{name} argument ```` or ``:::{name} argument``, its options and its body."""

    name: str
    argument: str  # the rest of the opening line, stripped
    options: dict  # the option block (``:key: value`` lines, or ``---`` YAML), as MyST reads it
    fence: str  # the opening fence: ``` or :::
    line: int  # the opening fence's line
    options_end: int  # the line after the option block (line + 1 without options)
    body_line: int  # the body's first line (after the options and the blank line MyST drops)
    end: int  # the closing fence's line; the directive's last line when it has no closing fence
    closed: bool
    body: str  # the body, as MyST gives it to the directive
    parent: Directive | None = field(default=None, repr=False)  # the directive whose body holds it


@dataclass(frozen=True)
class CodeBlock:
    language: str  # the fence's info word ('' for none, and for an indented block)
    line: int  # the opening fence (the first line of an indented block)
    end: int
    body: str


@dataclass(frozen=True)
class Math:
    tex: str
    line: int
    display: bool  # $$...$$ on lines of their own; $...$ and {math}`...` are inline


@dataclass(frozen=True)
class Role:
    name: str  # "ref", "notes", "math"
    content: str
    line: int
    start: int  # offsets of the whole role in the page text
    end: int


@dataclass(frozen=True)
class Paragraph:
    line: int
    end: int
    parent: Directive | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Definition:
    """A definition list entry: its term and each ``: definition``, as written."""

    term: str
    line: int
    definitions: tuple[str, ...]


@dataclass
class Page:
    """What a page holds, in page order. Lists hold what every directive body holds too."""

    text: str
    front_matter: str | None = None  # between the ``---`` lines
    targets: list[tuple[str, int]] = field(default_factory=list)  # (label, line) of each ``(label)=``
    headings: list[Heading] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    cells: list[Directive] = field(default_factory=list)  # the notebook's code cells, as MyST-NB reads them
    code_blocks: list[CodeBlock] = field(default_factory=list)
    math: list[Math] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    not_prose: list[Span] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.targets]

    def offset(self, line: int) -> int:
        """The offset in ``text`` of line ``line``'s first character."""
        return _line_starts(self.text)[line - 1]

    def prose(self, keep: Callable[[Span], bool] = lambda span: False) -> str:
        """The text with everything that is not prose blanked out, newlines kept (lines and
        offsets stay those of the page); a span for which ``keep`` is true keeps its ``inner``."""
        chars = list(self.text)
        for span in self.not_prose:
            inner = span.inner if span.inner and keep(span) else (span.end, span.end)
            for i in [*range(span.start, inner[0]), *range(inner[1], span.end)]:
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


def parse(text: str) -> Page:
    """The page ``text`` as MyST reads it (the same Page for the same text: read it, never change it)."""
    return _parse(text)


@functools.lru_cache(maxsize=128)
def _parse(text: str) -> Page:
    page = Page(text)
    lines = text.split("\n")
    _Reader(page, lines).read(_parser().parse(text), list(zip(range(len(lines)), [0] * len(lines))), None)
    return page


@functools.lru_cache(maxsize=64)
def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


class _AnyOptions(dict):
    """Every option name is known, its value a string as MyST's option block reader gives it."""

    def __missing__(self, key):
        return _rst_directives.unchanged

    def __bool__(self):
        return True


class _AnyDirective(_RstDirective):
    has_content = True
    option_spec = _AnyOptions()


def _recorded(name: str, rule):
    """``rule``, noting on each token it makes where in the inline source it stands."""

    def rule_with_place(state, silent):
        start, count = state.pos, len(state.tokens)
        ok = rule(state, silent)
        if ok and not silent:
            label = None
            if name in ("link", "image"):
                opening = start + (1 if name == "image" else 0)
                label = (opening + 1, parseLinkLabel(state, opening, name == "link"))
            for token in state.tokens[count:]:
                if token.type != "text" and "place" not in token.meta:
                    token.meta.update(place=(start, state.pos), rule=name, label=label)
        return ok

    return rule_with_place


@functools.cache
def _parser():
    md = create_md_parser(CONFIG, RendererHTML)
    ruler = md.inline.ruler
    for rule in ruler.__rules__:
        rule.fn = _recorded(rule.name, rule.fn)
    ruler.__cache__ = None
    return md


class _Reader:
    """Collects a token stream into ``page``; ``origin[k]`` is the page line (0-based) of the
    stream's line k and the column where it starts there (a directive body is parsed on its own)."""

    def __init__(self, page: Page, lines: list[str]):
        self.page, self.lines = page, lines

    def at(self, origin, local: int) -> int:
        return origin[min(local, len(origin) - 1)][0] + 1

    def whole_lines(self, kind: str, origin, first: int, stop: int) -> None:
        """Lines ``first`` to ``stop`` (exclusive, stream lines) are not prose."""
        if stop <= first:
            return
        (top, column), (bottom, _) = origin[first], origin[min(stop, len(origin)) - 1]
        starts = _line_starts(self.page.text)
        self.page.not_prose.append(Span(kind, starts[top] + column, starts[bottom] + len(self.lines[bottom])))

    def read(self, tokens, origin, parent: Directive | None) -> None:
        page = self.page
        term, definitions, in_dd = None, [], 0
        for i, token in enumerate(tokens):
            kind = token.type
            if kind == "dd_open":
                in_dd += 1
            elif kind == "dd_close":
                in_dd -= 1
            if kind in ("dt_open", "dl_close") and term:
                page.definitions.append(Definition(*term, tuple(definitions)))
                term, definitions = None, []
            if token.map is None:
                continue
            first, stop = token.map
            line = self.at(origin, first)
            if kind == "front_matter":
                page.front_matter = token.content
                self.whole_lines("front matter", origin, first, stop)
            elif kind == "myst_target":
                page.targets.append((token.content, line))
                self.whole_lines("label", origin, first, stop)
            elif kind == "myst_line_comment":
                self.whole_lines("comment", origin, first, stop)
            elif kind == "myst_block_break":
                self.whole_lines("break", origin, first, stop)
            elif kind == "html_block":
                self.whole_lines("html", origin, first, stop)
            elif kind in ("math_block", "math_block_label"):
                page.math.append(Math(token.content.strip(), line, True))
                self.whole_lines("math", origin, first, stop)
            elif kind == "code_block":
                page.code_blocks.append(CodeBlock("", line, self.at(origin, stop - 1), token.content))
                self.whole_lines("code", origin, first, stop)
            elif kind in ("fence", "colon_fence") and token.info.startswith("{") and "}" in token.info:
                self.directive(token, origin, parent)
            elif kind == "fence":
                language = token.info.split()[0] if token.info.split() else ""
                page.code_blocks.append(CodeBlock(language, line, self.at(origin, stop - 1), token.content))
                self.whole_lines("code", origin, first, stop)
            elif kind == "heading_open":
                above = page.targets[-1] if page.targets and page.targets[-1][1] == line - 1 else None
                page.headings.append(Heading(int(token.tag[1]), tokens[i + 1].content, line,
                                             above[0] if above else None))
            elif kind == "paragraph_open":
                page.paragraphs.append(Paragraph(line, self.at(origin, stop - 1), parent))
            elif kind == "dt_open":
                term = (tokens[i + 1].content, line)
            elif kind == "inline":
                if in_dd and term:
                    definitions.append(token.content)
                self.inline(token.content, token.children or [], origin, first)

    def directive(self, token, origin, parent: Directive | None) -> None:
        page = self.page
        first, stop = token.map
        name, _, argument = token.info[1:].partition("}")
        # MyST's own split of the content into options and body. Its warnings (a malformed option
        # block) are the build's to report, at the page and line; here the options are those it read.
        parsed = parse_directive_text(_AnyDirective, "", token.content, validate_options=True)
        option_lines = parsed.body_offset - parsed.blank_line_removed
        last = self.lines[origin[min(stop, len(origin)) - 1][0]].strip()
        closed = stop - 1 > first and last.startswith(token.markup) and set(last) == {token.markup[0]}
        directive = Directive(
            name=name, argument=argument.strip(), options=parsed.options, fence=token.markup,
            line=self.at(origin, first), options_end=self.at(origin, first + 1 + option_lines),
            body_line=self.at(origin, first + 1 + parsed.body_offset), end=self.at(origin, stop - 1),
            closed=closed, body="\n".join(parsed.body), parent=parent,
        )
        page.directives.append(directive)
        if name == "code-cell" and token.type == "fence" and token.level == 0 and parent is None:
            page.cells.append(directive)
        if name in LITERAL:
            self.whole_lines("code", origin, first, stop)
            return
        # The opening line: the fence and {name} are markup, the argument (a title) is prose.
        top, column = origin[first]
        opening = self.lines[top]
        at = opening.find(token.info, column)
        starts = _line_starts(page.text)
        page.not_prose.append(Span("directive", starts[top] + column, starts[top] + at + len(name) + 2))
        if argument.strip():
            title = argument.strip()
            here = opening.find(title, at + len(name) + 2)
            self.inline(title, _parser().parseInline(title)[0].children or [], [(top, here)], 0)
        self.whole_lines("option", origin, first + 1, first + 1 + option_lines)
        if closed:
            self.whole_lines("directive", origin, stop - 1, stop)
        body_first = first + 1 + parsed.body_offset
        inner = []
        for k, body_line in enumerate(parsed.body):
            row, column = origin[min(body_first + k, len(origin) - 1)]
            inner.append((row, len(self.lines[row]) - len(body_line)))
        if inner:
            self.read(_parser().parse(directive.body), inner, directive)

    def inline(self, content: str, children, origin, first: int) -> None:
        """The inline elements of one inline token whose content starts on stream line ``first``."""
        page = self.page
        starts = _line_starts(page.text)
        rows = []  # for each line of the content: its offset in the page
        for k, piece in enumerate(content.split("\n")):
            row, column = origin[min(first + k, len(origin) - 1)]
            found = self.lines[row].find(piece, column) if piece else -1
            rows.append(starts[row] + (found if found >= 0 else column))
        breaks = [i for i, char in enumerate(content) if char == "\n"]

        def where(offset: int) -> int:
            k = sum(1 for b in breaks if b < offset)
            return rows[k] + offset - (breaks[k - 1] + 1 if k else 0)

        def line_of(offset: int) -> int:
            return origin[min(first + sum(1 for b in breaks if b < offset), len(origin) - 1)][0] + 1

        for child in children:
            place = child.meta.get("place") if isinstance(child.meta, dict) else None
            if not place:
                continue
            start, end = where(place[0]), where(place[1] - 1) + 1 if place[1] > place[0] else where(place[0])
            kind, line = child.type, line_of(place[0])
            if kind == "code_inline":
                n = len(child.markup)
                page.not_prose.append(Span("inline code", start, end, (where(place[0] + n), where(place[1] - n))))
            elif kind == "myst_role":
                page.roles.append(Role(child.meta["name"], child.content, line, start, end))
                if child.meta["name"] == "math":
                    page.math.append(Math(child.content, line, False))
                page.not_prose.append(Span("role", start, end))
            elif kind in ("math_inline", "math_inline_double"):
                page.math.append(Math(child.content, line, kind == "math_inline_double"))
                page.not_prose.append(Span("math", start, end))
            elif kind == "link_open" and child.meta.get("rule") == "link":
                a, b = child.meta["label"]
                page.not_prose.append(Span("link", start, end, (where(a), where(b))))
            elif kind == "link_open":
                page.not_prose.append(Span("url", start, end))
            elif kind == "image":
                a, b = child.meta["label"]
                page.not_prose.append(Span("image", start, end, (where(a), where(b))))
            elif kind == "html_inline":
                page.not_prose.append(Span("html", start, end))
