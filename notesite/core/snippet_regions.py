"""Parse snippet modules into named regions and page cells into references.

A snippet module under ``snippets/`` is ordinary, importable Python split into
regions by marker comments (the "percent" cell format that editors understand)::

    \"\"\"Module docstring.\"\"\"
    # %% create_tensor
    import torch
    x = torch.rand(5, 3)
    x

Everything after a marker up to the next marker (or the end of the file) is the
region. Only the module docstring may stand before the first marker, so the
regions together are the whole module: running a page's cells runs the module.

A page cell refers to a region with the ``:snippet:`` option and an empty body::

    ```{code-cell} ipython3
    :snippet: tensors/create.py:fill
    ```

The page's cells are those MyST-NB reads (``notesite.core.markdown``, the one reader of
the pages): a ``{code-cell}`` shown inside a code block is an example, not a cell. The
snippet modules are Python, parsed here. This module has no Sphinx dependency so that the
tests can use it directly.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from notesite.core import markdown

MARKER = re.compile(r"^# %% (?P<name>\S+)(?:[ \t]+\[(?P<tags>[^\]]*)\])?[ \t]*$")
TAGS = {"gpu"}  # "gpu": needs CUDA; runs in the GPU profile, shows its recording elsewhere
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class SnippetError(Exception):
    """A snippet module or a reference to one is malformed; the message names the place."""


@dataclass(frozen=True)
class Region:
    path: Path  # the snippet file
    name: str
    first_line: int  # 1-based line of the first code line (the line after the marker)
    code: str  # without the marker and without trailing blank lines
    tags: frozenset[str] = frozenset()

    @property
    def gpu(self) -> bool:
        return "gpu" in self.tags


@dataclass(frozen=True)
class CellRef:
    ref: str  # "tensors/create.py:fill", as written in the page ('' without a :snippet: option)
    line: int  # 1-based line of the code-cell fence in the page
    start: int  # character offsets of the whole cell in the page text, fences included
    end: int
    fence: str  # the opening fence, ```
    args: str  # what follows {code-cell} on the fence line, as written (" ipython3")
    options: str  # the option lines, as written, each with its newline
    body: str  # what follows the options, as MyST gives it to the directive
    alt: str = ""  # the :alt: text, whitespace folded

    @property
    def file(self) -> str:
        return split_ref(self.ref)[0]

    @property
    def region(self) -> str:
        return split_ref(self.ref)[1]


def split_ref(ref: str) -> tuple[str, str]:
    """``"tensors/create.py:fill"`` -> ``("tensors/create.py", "fill")``.

    The one parser of a snippet reference (a page's ``:snippet:`` option, a
    ``{gpu-recording}`` argument, a recording's or pending.txt's entry); a
    SnippetError when ``ref`` is not ``<file>.py:<region>``.
    """
    file, colon, region = ref.rpartition(":")
    if not colon or not file.endswith(".py") or not region:
        raise SnippetError(f"malformed snippet reference {ref!r} (want file.py:region)")
    return file, region


def region_of(snippets_root: Path, ref: str, where: str = "") -> Region:
    """The region ``ref`` names; a SnippetError (prefixed with ``where``) when there is none."""
    at = f"{where}: " if where else ""
    try:
        file, name = split_ref(ref)
    except SnippetError as exc:
        raise SnippetError(f"{at}{exc}") from None
    path = Path(snippets_root) / file
    if not path.is_file():
        raise SnippetError(f"{at}snippet module {file!r} not found under {snippets_root}")
    regions = parse_regions(path)
    if name not in regions:
        raise SnippetError(f"{at}region {name!r} not found in {Path(snippets_root).name}/{file}; "
                           f"it has: {', '.join(regions)}")
    return regions[name]


def parse_regions(path: Path) -> dict[str, Region]:
    """Return the regions of a snippet module, in file order, keyed by name."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    regions: dict[str, Region] = {}
    markers = [
        (i, m.group("name"), frozenset(t.strip() for t in (m.group("tags") or "").split(",") if t.strip()))
        for i, line in enumerate(lines)
        if (m := MARKER.match(line))
    ]
    if not markers:
        raise SnippetError(f"{path}: no region markers ('# %% name') in this snippet module")
    header = "\n".join(lines[: markers[0][0]])
    _check_header(path, header)
    for k, (index, name, tags) in enumerate(markers):
        if tags - TAGS:
            raise SnippetError(f"{path}:{index + 1}: unknown region tag(s) {sorted(tags - TAGS)}; known: {sorted(TAGS)}")
        if not NAME.match(name):
            raise SnippetError(
                f"{path}:{index + 1}: region name {name!r} must be snake_case ([a-z][a-z0-9_]*)"
            )
        if name in regions:
            raise SnippetError(f"{path}:{index + 1}: region {name!r} is defined twice")
        stop = markers[k + 1][0] if k + 1 < len(markers) else len(lines)
        body = lines[index + 1 : stop]
        while body and not body[-1].strip():
            body.pop()
        if not any(line.strip() for line in body):
            raise SnippetError(f"{path}:{index + 1}: region {name!r} is empty")
        regions[name] = Region(path, name, index + 2, "\n".join(body), tags)
    if len({r.gpu for r in regions.values()}) > 1:
        raise SnippetError(
            f"{path}: some regions are tagged [gpu] and some are not; put the CUDA-only "
            "regions in a module of their own, so that the CPU profile can run the rest"
        )
    return regions


def is_gpu_module(path: Path) -> bool:
    return any(r.gpu for r in parse_regions(path).values())


def _check_header(path: Path, header: str) -> None:
    """Only a docstring (and blank lines or comments) may precede the first region."""
    try:
        tree = ast.parse(header)
    except SyntaxError as exc:  # pragma: no cover - reported with position
        raise SnippetError(f"{path}:{exc.lineno}: {exc.msg}") from exc
    for k, node in enumerate(tree.body):
        is_docstring = k == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if not is_docstring:
            raise SnippetError(
                f"{path}:{node.lineno}: code before the first region marker; "
                "put it in a region so that the page shows and runs it"
            )


def find_cells(text: str) -> list[CellRef]:
    """Every ``{code-cell}`` of a page, with its ``:snippet:`` reference ('' when absent)."""
    page = markdown.parse(text)
    lines = text.split("\n")
    cells = []
    for cell in page.cells:
        opening = lines[cell.line - 1]
        cells.append(
            CellRef(
                ref=str(cell.options.get("snippet", "")),
                line=cell.line,
                start=page.offset(cell.line),
                end=page.offset(cell.end) + len(lines[cell.end - 1]),
                fence=cell.fence,
                args=opening[opening.index("{code-cell}") + len("{code-cell}"):],
                options="".join(f"{line}\n" for line in lines[cell.line:cell.options_end - 1]),
                body=cell.body,
                alt=" ".join(str(cell.options.get("alt", "")).split()),
            )
        )
    return cells


def pop_alt_texts(text: str) -> tuple[str, list[tuple[CellRef, str]]]:
    """Remove the ``:alt:`` option of every code cell; return the text and each cell's alt text.

    The alt text is prose in the page's language, so it must not reach the notebook:
    MyST-NB would put it into the cell's metadata, which the execution cache hashes,
    and the second language would execute the page again. The cells are returned as
    found in the original text (line numbers of the page), each with its alt text
    ('' when it has none).
    """
    out, cells, pos = [], [], 0
    for cell in find_cells(text):
        cells.append((cell, cell.alt))
        options = cell.options.splitlines(keepends=True)
        kept = [line for line in options if not line.strip().startswith(":alt:")]
        if kept != options:
            header = text[cell.start : text.index("\n", cell.start) + 1]
            out.append(text[pos : cell.start + len(header)])
            out.append("".join(kept))
            pos = cell.start + len(header) + len(cell.options)
    out.append(text[pos:])
    return "".join(out), cells


def resolve(cell: CellRef, snippets_root: Path, page: str = "") -> Region:
    """The region a cell refers to, or a SnippetError naming the page line (``page``:line:,
    left out when ``page`` is empty: the Sphinx extension gives the location to Sphinx's logger)."""
    at = f"{page}:{cell.line}: " if page else ""
    if not cell.ref:
        raise SnippetError(
            f"{at}code cell without ':snippet: <file>.py:<region>'; "
            "code lives in snippets/, not in pages"
        )
    if cell.body.strip():
        raise SnippetError(
            f"{at}code cell for {cell.ref} has a body; leave it empty, "
            "the code comes from the snippet region"
        )
    return region_of(snippets_root, cell.ref, at.removesuffix(": "))


def expand(text: str, snippets_root: Path, page: str, gpu_profile: bool = False,
           on_error=None, executed_cells: list | None = None) -> tuple[str, list[Region]]:
    """Return the page text with every snippet cell filled with its region's code.

    Outside the GPU profile a ``[gpu]`` region becomes a ``{gpu-recording}`` block:
    it is not executed, and the page shows the output recorded by a GPU build.
    ``regions`` lists the regions that are executed, in order.

    A cell that names no region raises a SnippetError naming ``page``:line; with
    ``on_error(cell, error)`` given, the error (without the location) goes there
    instead, the cell is left out, and the other cells are filled. ``executed_cells``, when
    given, receives the cell of each region in ``regions``.
    """
    out, regions, pos = [], [], 0
    for cell in find_cells(text):
        if on_error is None:
            region = resolve(cell, snippets_root, page)
        else:
            try:
                region = resolve(cell, snippets_root)
            except SnippetError as exc:
                on_error(cell, exc)
                out.append(text[pos : cell.start])
                pos = cell.end
                continue
        if region.gpu and not gpu_profile:
            out.append(text[pos : cell.start])
            out.append(f"```{{gpu-recording}} {cell.ref}\n```")
            pos = cell.end
            continue
        regions.append(region)
        if executed_cells is not None:
            executed_cells.append(cell)
        # A fence longer than any backtick run in the code keeps the cell intact.
        longest = max((len(r) for r in re.findall(r"`+", region.code)), default=0)
        fence = "`" * max(3, len(cell.fence), longest + 1)
        out.append(text[pos : cell.start])
        out.append(f"{fence}{{code-cell}}{cell.args}\n{cell.options}{region.code}\n{fence}")
        pos = cell.end
    out.append(text[pos:])
    return "".join(out), regions
