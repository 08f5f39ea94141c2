"""The one build entry: every build of the site goes through this module.

It alone knows the sphinx-build options (``sphinx_args``: every build here is started
with them, in a process or in process by ``run_sphinx``); the build folders and the GPU
switch are ``notesite.core.paths``, the languages and their order
``notesite.core.languages``. ``make html``, ``make page``, ``make live``, ``make bench``
and the tests all build through it::

    python -m notesite.tools.sitebuild html            # both languages (GPU=1: the GPU profile)
    python -m notesite.tools.sitebuild page tensors/basics
    python -m notesite.tools.sitebuild live <code>      # sphinx-autobuild, one language

The first language executes the pages; the others have identical cells and are served
from the shared execution cache (``_build/.jupyter_cache``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from notesite.core import languages
from notesite.core.paths import (
    ROOT, TREE, ROOT_PAGES, SPHINX_PAGES, PDF_FOLDER, gpu_profile, build_dir, cache_dir, doctrees_dir, html_dir,
    pdf_name,
)

# Zero warnings: -W makes every warning an error; --keep-going reports them all first.
# -j auto: pages are read (and executed) in parallel, one process per core.
SPHINX_OPTIONS = ("-n", "-W", "--keep-going", "-q", "-j", "auto")
# make page builds one page alone: its links to other pages cannot resolve there, so their
# warnings are shown, not fatal (make html checks them).
PAGE_OPTIONS = ("-n", "--keep-going", "-q")


def sphinx_args(conf: Path, source: Path, out: Path, doctrees: Path, *extra: str,
                language: str | None = None, options=SPHINX_OPTIONS) -> list[str]:
    """The arguments of every sphinx-build here (make html, make page, make live, the tests)."""
    lang = ["-D", f"language={language}"] if language else []
    return ["-b", "html", "-c", str(conf), *lang, "-d", str(doctrees), *options, *extra, str(source), str(out)]


def site_args(tree: Path, site: str, *extra: str, options=SPHINX_OPTIONS) -> list[str]:
    """One language of ``tree``: its pages, its HTML and doctrees folders, the tree's conf.py."""
    tree = Path(tree)
    return sphinx_args(tree, tree / "docs" / site, html_dir(tree, site), doctrees_dir(tree, site), *extra,
                       language=languages.get(site).sphinx, options=options)


def sphinx_command(tree: Path, site: str, *extra: str, options=SPHINX_OPTIONS) -> list[str]:
    return [sys.executable, "-m", "sphinx", *site_args(tree, site, *extra, options=options)]


@dataclass
class Build:
    returncode: int
    output: str
    kernels: int  # kernels started (one per executed notebook)


def run_sphinx(args: list[str], cwd: Path, *, in_process: bool = False, timeout: int = 900,
               env: dict | None = None, bytecode: bool = False) -> Build:
    """sphinx-build with ``args`` (``sphinx_args``), counting the kernels it starts.

    ``in_process``: in this Python process (``sphinx.cmd.build.build_main``), as MyST-NB's
    own tests build; cheaper for a small site, and what a test that patches the build
    process needs. Otherwise a ``python -m sphinx`` process run in ``cwd``, whose
    ``notesite`` is then the one in ``cwd`` (a copy of the tree imports its own).
    ``bytecode``: the build and its kernels write the modules they compile to the
    ``PYTHONPYCACHEPREFIX`` of ``env``, as ``make html`` does; otherwise they write none.
    """
    cwd = Path(cwd)
    log = cwd / f"kernels-{os.getpid()}-{time.monotonic_ns()}.log"
    extra_env = {"SNIPPET_KERNEL_LOG": str(log), "PYTHONDONTWRITEBYTECODE": "" if bytecode else "1"}
    try:
        if in_process:
            code, output = _in_process(args, cwd, {**(env or {}), **extra_env})
        else:
            proc = subprocess.run([sys.executable, "-m", "sphinx", *args], capture_output=True, text=True,
                                  env={**(os.environ if env is None else env), **extra_env}, timeout=timeout, cwd=cwd)
            code, output = proc.returncode, proc.stdout + proc.stderr
        kernels = len(log.read_text().splitlines()) if log.exists() else 0
    finally:
        log.unlink(missing_ok=True)
    return Build(code, output, kernels)


def _in_process(args: list[str], cwd: Path, env: dict) -> tuple[int, str]:
    from sphinx.cmd.build import build_main

    out = io.StringIO()
    here = Path.cwd()
    # The environment is put back whole: the build sets its kernels' variables too (snippet_cells).
    with mock.patch.dict(os.environ, env):
        try:
            os.chdir(cwd)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = build_main(list(args))
        finally:
            os.chdir(here)
    return code, out.getvalue()


def build(tree: Path, site: str, *extra: str, timeout: int = 900, env: dict | None = None,
          in_process: bool = False, bytecode: bool = False) -> Build:
    """One language of ``tree``, with the options of ``make html``, counting the kernels it starts."""
    return run_sphinx(site_args(tree, site, *extra), Path(tree), in_process=in_process, timeout=timeout, env=env,
                      bytecode=bytecode)


def require_cuda_if_gpu() -> None:
    """The GPU profile fails within seconds, saying why, on a machine without CUDA."""
    if gpu_profile():
        from notesite.ext.gpu_recordings import require_cuda
        from sphinx.errors import ConfigError

        try:
            require_cuda()
        except ConfigError as exc:
            sys.exit(f"error: {exc}")


def html(tree: Path = ROOT) -> int:
    """Every language, then the root pages; stops at the first failing language.

    Nothing changed since the last ``make html`` of ``tree`` (``up_to_date``): no Sphinx starts."""
    require_cuda_if_gpu()
    tree = Path(tree)
    if up_to_date(tree):
        print(f"the site is up to date: nothing changed since its last build ({STAMP} in {build_dir(tree).name}/)")
        return 0
    for site in languages.CODES:
        print(f"sphinx-build [{site}]", flush=True)
        code = subprocess.run(sphinx_command(tree, site), cwd=tree).returncode
        if code:
            return code
    finish(tree)
    return 0


# ``make html`` with nothing changed since its last build (what ``make test`` and ``make test-all``
# start with) starts no Sphinx. Sphinx would find nothing to do either, after about 6 s of starting
# a Python per language that imports it and the extensions and reads the saved environment.
# The state compared is what a build reads and what it wrote: each file's size and modification
# time (as make compares files) under BUILD_INPUTS, the published site (but the PDFs that make pdf
# copies into it), the doctrees and the execution cache of the profile; the installed packages,
# the Python and the GPU switch. Any difference (a page or snippet edited, even back to what it
# was; a package installed; an output deleted or edited; GPU=1) and every language is built as
# always, then the new state is kept.
BUILD_INPUTS = ("conf.py", "docs", "notesite", "snippets")
STAMP = "html-state.sha256"


def build_state(tree: Path) -> str:
    """A digest of what ``make html`` of ``tree`` read and wrote (see BUILD_INPUTS)."""
    tree, gpu = Path(tree), gpu_profile()
    lines = [f"python {sys.executable} {sys.version}", f"gpu {gpu}", f"languages {' '.join(languages.CODES)}"]
    lines += installed_packages()
    tops = [tree / name for name in BUILD_INPUTS] + [html_dir(tree), cache_dir(tree, gpu)]
    tops += [doctrees_dir(tree, site, gpu) for site in languages.CODES]
    pdfs = html_dir(tree) / PDF_FOLDER
    for top in tops:
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and pdfs not in path.parents:
                stat = path.stat()
                lines.append(f"{path.relative_to(tree).as_posix()} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def installed_packages() -> list[str]:
    """The distributions Python can import, by their metadata folders (``torch-2.14.1.dist-info``:
    name and version) on ``sys.path``; listing the folders is cheaper than reading each metadata."""
    found = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            found += [f"package {entry} {name}" for name in os.listdir(entry or ".")
                      if name.endswith((".dist-info", ".egg-info"))]
    return sorted(found)


def up_to_date(tree: Path) -> bool:
    """Whether ``tree``'s site was built by ``make html`` and nothing has changed since (``build_state``)."""
    stamp = build_dir(tree) / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == build_state(tree)


def finish(tree: Path) -> None:
    """After every language of ``tree`` is built: the root pages, then the state ``up_to_date`` compares."""
    write_root_pages(tree)
    (build_dir(tree) / STAMP).write_text(build_state(tree) + "\n", encoding="utf-8")


def render_root_page(tree: Path, name: str) -> str:
    """``docs/_root/<name>``, a Jinja template, rendered for the site's languages."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(tree) / "docs" / "_root"),
                             autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    first = languages.FIRST
    return env.get_template(name).render(
        languages=languages.LANGUAGES, first=first, choice_key=languages.CHOICE_KEY,
        pdf_folder=PDF_FOLDER, pdf_name=pdf_name,
    )


def write_root_pages(tree: Path = ROOT) -> None:
    for name in ROOT_PAGES:
        (html_dir(tree) / name).write_text(render_root_page(tree, name), encoding="utf-8")


def page(name: str) -> int:
    """One page in both languages, in seconds (``make page PAGE=tensors/basics``).

    The page is copied alone into a scratch source folder per language and built with
    the shared execution cache, so an unchanged page executes nothing and an edited
    snippet executes once for both languages. Links to other pages are not resolved
    here (only ``make html`` checks them), so warnings are shown, not fatal.
    """
    name = name.removesuffix(".md").strip("/")
    status = 0
    for site in languages.CODES:
        source = ROOT / "docs" / site / f"{name}.md"
        if not source.is_file():
            print(f"error: {source.relative_to(ROOT)} does not exist", file=sys.stderr)
            return 2
        scratch = build_dir() / "page-src" / site
        shutil.rmtree(scratch, ignore_errors=True)
        (scratch / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, scratch / f"{name}.md")
        out = build_dir() / "page" / site
        start = time.perf_counter()
        args = sphinx_args(ROOT, scratch, out, build_dir() / "page-doctrees" / site, "-D", f"root_doc={name}",
                           language=languages.get(site).sphinx, options=PAGE_OPTIONS)
        proc = subprocess.run([sys.executable, "-m", "sphinx", *args], cwd=ROOT)
        status = status or proc.returncode
        print(f"[{site}] {out.relative_to(ROOT)}/{name}.html  ({time.perf_counter() - start:.1f} s)")
    return status


def live(site: str, port: str) -> int:
    """Rebuild one language on every edit and reload the browser (sphinx-autobuild)."""
    site = site or languages.CODES[-1]
    try:
        lang = next(lang for lang in languages.LANGUAGES if site in (lang.code, lang.sphinx))
    except StopIteration:
        sys.exit(f"error: unknown language {site!r}; one of {', '.join(languages.CODES)}")
    site = lang.code
    watch = [a for d in ("snippets", "notesite", "docs/_templates", "docs/_static") for a in ("--watch", d)]
    cmd = [str(Path(sys.executable).with_name("sphinx-autobuild")), *watch, "--port", port, *site_args(ROOT, site)]
    return subprocess.run(cmd, cwd=ROOT).returncode


def site_pages(tree: Path = ROOT, lang: str | None = None) -> list[str]:
    """The HTML pages a build of ``tree`` publishes (paths under _build/html), from the sources.

    ``lang`` limits them to one language's site; without it the root pages (landing page,
    404 page) are included too.
    """
    from notesite.ext import page_alignment

    langs = [lang] if lang else list(languages.CODES)
    pages = [f"{lg}/{p.removesuffix('.md')}.html" for lg in langs for p in page_alignment.pages(Path(tree), lg)]
    pages += [f"{lg}/{p}" for lg in langs for p in SPHINX_PAGES]
    return sorted(pages + ([] if lang else list(ROOT_PAGES)))


def copy_tree(dest: Path, names=TREE) -> Path:
    """The project's files (``names``, by default TREE: what a build and the tests read) copied to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def tracked() -> list[str]:
    """The top-level files and folders git tracks (the tree a fresh clone has)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return sorted({line.split("/")[0] for line in files.stdout.splitlines() if line})


def published_files(tree: Path) -> dict[str, bytes]:
    """Every file of the built site (``_build/html``), by path under it: what CI uploads."""
    out = html_dir(tree)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    """The first line where two versions of a file differ, quoted from both (for a failure message)."""
    lines_a, lines_b = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for n, (x, y) in enumerate(zip(lines_a, lines_b), 1):
        if x != y:
            at = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
            start = max(0, at - 80)  # a long line (searchindex.js is one): around the first difference
            return f"line {n}, column {at + 1}: {x[start:at + 120]!r} != {y[start:at + 120]!r}"
    return f"{len(lines_a)} lines != {len(lines_b)} lines"


def notebook_pages(tree: Path, site: str) -> list[str]:
    """The pages with code cells (as MyST-NB reads them): those a build executes."""
    from notesite.core import markdown  # MyST-Parser: 1.5 s to import, which make html need not pay

    return sorted(
        p.relative_to(tree / "docs" / site).as_posix()
        for p in (tree / "docs" / site).rglob("*.md")
        if markdown.parse(p.read_text(encoding="utf-8")).cells
    )


def main(argv: list[str]) -> int:
    usage = "usage: sitebuild.py html | page <path under docs/<lang>/> | live <lang> [port]"
    if argv[:1] == ["html"] and len(argv) == 1:
        return html()
    if argv[:1] == ["page"] and len(argv) == 2:
        return page(argv[1])
    if argv[:1] == ["live"] and len(argv) in (2, 3):
        return live(argv[1], argv[2] if len(argv) == 3 else "8000")

    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
