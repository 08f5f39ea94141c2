"""The build's promises and its failure behaviour, proven on the mini-site (tests/build/minisite.py).

The mini-site is built with the real conf.py and extensions at one fixed path for the
whole session, so every rebuild here is incremental, as a contributor's is:

* a clean build executes each page once: the first language runs every notebook,
  the others are served from the shared execution cache and start no kernel;
* editing a snippet re-executes the page that uses it, and the page shows the new
  output; editing prose re-executes nothing;
* a [gpu] cell shows its recorded output with its provenance on the CPU, and never
  executes; without a recording, or in the GPU profile without CUDA, the build fails;
* each bad input (a raising or hanging cell, a cell that raises a deprecation warning
  or prints a path of the build machine, a missing region or module, malformed front
  matter, a broken link, a page or label in one language only) stops the build or the
  alignment check with a message that names the place;
* two clean builds in two folders publish byte-identical files;
* the execution cache recovers from a removed record, a corrupt database and a change
  of the kernel's environment, re-executing what it must and no more.

The fast tier holds the cases behind DEVELOPERS' invariants; the other faults run in
the full tier, which also builds the full site in another folder from `make html`'s execution
cache (tests/build/test_full_build.py) and runs every page's notebook again
(tests/build/test_notebooks_run_anywhere.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notesite.core import languages
from notesite.ext import page_alignment
from notesite.core import paths
from notesite.tools import sitebuild
from tests.helpers import LANGS, ROOT, article_text, readers_environment
from tests.build.minisite import PROVENANCE, RECORDED_OUTPUT, RECORDING_REF, MiniSite, intro, title

pytestmark = pytest.mark.build

COUNTING = "snippets/mini/counting.py"
FULL = pytest.mark.full

# The languages of the mini-site (notesite/core/languages.py): the first executes every page of a
# clean build, the others are served from its cache. The tests that build one language build
# LANG, the first after the first (any would do), and edit its page and prose.
FIRST = languages.FIRST.code
LATER = tuple(lang.code for lang in languages.others(languages.FIRST))
LANG = LATER[0]
PAGE = f"docs/{LANG}/counting.md"
INTRO = intro(LANG)  # the page's first line of prose (tests/build/mini/docs/<code>/counting.md)
EDITED_PROSE = "Freshly edited prose."


def line_of(path, needle: str) -> int:
    """The 1-based line of the first line that contains ``needle``."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


# --- invariants (fast tier) ----------------------------------------------------------------------


def test_clean_build_executes_each_page_once(mini_site):
    for lang in LANGS:
        assert mini_site.clean[lang].returncode == 0, mini_site.clean[lang].output
    first = mini_site.clean[FIRST]
    assert first.kernels == len(sitebuild.notebook_pages(mini_site.tree, FIRST)) == 1
    for lang in LATER:  # identical cells: served from the cache the first language's build filled
        assert mini_site.clean[lang].kernels == 0, lang
    for lang in LANGS:
        assert "[0, 1, 2, 3, 4]" in mini_site.html(lang) and "total 10" in mini_site.html(lang)


def test_a_kernel_that_does_not_stop_is_stopped_within_a_second(mini_site):
    """After a build (in this process), the kernel managers MyST-NB makes wait KERNEL_SHUTDOWN_WAIT
    seconds at most for a kernel asked to stop, not jupyter_client's 5 (notesite/ext/snippet_cells.py)."""
    from jupyter_client.manager import AsyncKernelManager

    from notesite.ext import snippet_cells

    assert mini_site.clean[FIRST].kernels == 1  # a kernel was started and stopped by this process
    assert AsyncKernelManager().shutdown_wait_time == snippet_cells.KERNEL_SHUTDOWN_WAIT == 1.0


@FULL  # the fast tier's builds start their kernels through the same kernel specification
def test_a_kernel_of_the_build_starts_without_the_debugger(monkeypatch):
    """A kernel started in the build's environment (notesite/ext/snippet_cells.py) is the site's own
    kernel specification (docs/_ipython/kernels/python3), which keeps ipykernel's debugger and its
    debugpy out of the kernel (0.3 of the 0.9 CPU-seconds a kernel took to start; no page uses a
    debugger). The kernel still executes code, and its startup files are at work (the warning gate)."""
    from jupyter_client.manager import KernelManager, start_new_kernel

    from notesite.ext import snippet_cells

    wait = KernelManager.shutdown_wait_time
    monkeypatch.setattr(wait, "default_value", wait.default_value)  # kernel_environment sets it
    config = type("Config", (), {"snippets_ipython_dir": str(paths.IPYTHON_DIR)})()
    app = type("App", (), {"confdir": str(ROOT), "config": config})()
    out = []
    with readers_environment():  # none of the build's variables before, the environment put back after
        before = dict(os.environ)
        snippet_cells.kernel_environment(app, config)
        changed = {k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k)}
        assert changed == set(snippet_cells.KERNEL_VARIABLES)  # what readers_environment takes away
        # No history database in docs/_ipython (it is part of the kernels' environment): as nbclient does.
        manager, client = start_new_kernel(kernel_name="python3", startup_timeout=60,
                                           extra_arguments=["--HistoryManager.hist_file=:memory:"])
    try:
        client.execute_interactive(
            "import sys, warnings\n"
            "loaded = {name.split('.')[0] for name, module in sys.modules.items() if module is not None}\n"
            "print(sorted(loaded & {'debugpy', '_pydevd_bundle', 'pydevd'}))\n"
            "print(any(f[0] == 'error' and f[2] is DeprecationWarning for f in warnings.filters))\n",
            output_hook=lambda msg: out.append(msg["content"].get("text", "")
                                               + "\n".join(msg["content"].get("traceback", []))), timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "".join(out) == "[]\nTrue\n", f"the build's kernel printed {''.join(out)!r}"
    assert Path(manager.kernel_spec.resource_dir) == ROOT / paths.IPYTHON_DIR / "kernels" / "python3"


def test_a_kernel_skips_the_cycle_collector_when_it_exits():
    """The kernels' startup file 30-quick-exit.py (docs/_ipython/profile_default/startup) freezes
    Python's cycle collector as the kernel exits: a kernel that imported torch then stops by itself
    when asked, within KERNEL_SHUTDOWN_WAIT / 2, where before every kernel of a build was stopped
    by SIGTERM (make bench measures the time). The file runs here as IPython runs a startup file,
    in a Python that says at its very end whether the collector was frozen."""
    startup = ROOT / paths.IPYTHON_DIR / "profile_default" / "startup" / "30-quick-exit.py"
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen objects at exit:', gc.get_freeze_count()))\n"
        "from pathlib import Path\n"
        "exec(compile(Path(sys.argv[1]).read_text(encoding='utf-8'), sys.argv[1], 'exec'), {})\n"
        "print('frozen objects before exit:', gc.get_freeze_count())\n")
    out = subprocess.run([sys.executable, "-c", script, str(startup)], capture_output=True, text=True,
                         check=True).stdout
    assert "frozen objects before exit: 0" in out, out
    counts = re.findall(r"frozen objects at exit: (\d+)", out)
    assert counts and int(counts[0]) > 0, f"the collector was not frozen when the kernel exited: {out}"


def test_prose_edit_executes_nothing(mini):
    with readers_environment():  # without the variables a build sets for its kernels, as before a first build
        before = dict(os.environ)
        with mini.edit(PAGE, INTRO, f"{EDITED_PROSE} {INTRO}"):
            result = mini.build(LANG)
        changed = sorted(k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k))
    assert result.returncode == 0, result.output
    assert result.kernels == 0
    assert EDITED_PROSE in mini.html(LANG)
    # A build in this process leaves the environment as it found it (a later kernel is a reader's).
    assert changed == [], f"the build left these environment variables changed: {changed}"


def test_a_build_in_process_keeps_its_compiled_templates(mini, monkeypatch):
    """notesite/ext/template_cache.py is at work in a real build: the page's templates, compiled
    while it is written, are in the process's cache for the next build."""
    from notesite.ext import template_cache

    fresh = template_cache.ProcessBytecodeCache()
    monkeypatch.setattr(template_cache, "CACHE", fresh)
    with mini.edit(PAGE, INTRO, f"{EDITED_PROSE} {INTRO}"):
        result = mini.build(LANG)
    assert result.returncode == 0, result.output
    assert fresh.store, "the build compiled its templates without the process's cache"


def test_snippet_edit_reexecutes_its_page_and_shows_new_output(mini):
    with mini.edit(COUNTING, "range(5)", "range(4)"):
        result = mini.build(LANG)
        # the same code in the other languages: served from the cache LANG just filled
        rest = {lang: mini.build(lang) for lang in LANGS if lang != LANG}
    assert result.returncode == 0, result.output
    assert result.kernels == 1  # only the page that uses counting.py
    assert "[0, 1, 2, 3]\n</pre>" in mini.html(LANG) and "total 6" in mini.html(LANG)
    for lang, other in rest.items():
        assert other.returncode == 0 and other.kernels == 0, other.output
        assert "total 6" in mini.html(lang)


RAISING = ("total = sum(numbers)\n", "total = sum(numbers)\ntotal = total / (total - total)\n")


def test_raising_snippet_fails_the_build_naming_file_and_line(mini):
    with mini.edit(COUNTING, *RAISING) as path:
        result = mini.build(LANG)
        line = line_of(path, "total / (total - total)")
    assert result.returncode != 0
    assert f"{COUNTING}:{line}: ZeroDivisionError" in result.output, result.output


@FULL
def test_raising_snippet_fails_again_until_fixed(mini):
    """A failed page is not cached as built: the next build reads it again and fails again, and
    once the snippet is fixed the page builds with its real output."""
    with mini.edit(COUNTING, *RAISING) as path:
        first, again = mini.build(LANG), mini.build(LANG)  # nothing changed between the two
        line = line_of(path, "total / (total - total)")
    for result in (first, again):
        assert result.returncode != 0 and f"{COUNTING}:{line}: ZeroDivisionError" in result.output, result.output
    fixed = mini.build(LANG)  # the snippet restored: the page builds again, with its real output
    assert fixed.returncode == 0 and "total 10" in mini.html(LANG), fixed.output


def test_page_or_label_in_one_language_fails_the_alignment_check(mini_site):
    mini = mini_site  # reads the sources only: no need to rebuild first
    for lang in LANGS:  # a page only one language has: every other language lacks it
        with mini.added(f"docs/{lang}/extra.md", f"(extra)=\n# {title(lang, 'index')}\n"):
            found = page_alignment.problems(mini.tree)
        for other in [other for other in LANGS if other != lang]:
            assert f"docs/{lang}/extra.md: page exists only in {lang}; add docs/{other}/extra.md" in found, found
    for lang in LANGS:  # a label one language lacks: every language is compared with the first
        with mini.edit(f"docs/{lang}/counting.md", "(counting-total)=\n", ""):
            found = page_alignment.problems(mini.tree)
        for other in LATER if lang == FIRST else [lang]:
            pair = f"docs/{{{FIRST},{other}}}/counting.md"
            assert any(p.startswith(f"{pair}: section labels differ") for p in found), found
    assert page_alignment.problems(mini.tree) == []  # and the restored site is clean


def test_gpu_cell_shows_its_recording_and_provenance(mini_site):
    """The [gpu] cell is no code cell on the CPU (nothing can execute it): its code, the
    recorded output and where it was recorded."""
    for lang in LANGS:
        page = article_text(mini_site.html(lang))
        assert 'torch.ones(2, device="cuda")' in page and RECORDED_OUTPUT.strip() in page
        assert PROVENANCE["gpu"] in page and PROVENANCE["date"] in page
        assert "skip" not in page.lower()


def test_gpu_cell_without_recording_fails_the_build(mini):
    with mini.removed(f"docs/_gpu/recordings/{RECORDING_REF.split(':')[0].removesuffix('.py')}"):
        result = mini.build(LANG)
    assert result.returncode != 0
    assert f"{RECORDING_REF}: [gpu] cell has no recording" in result.output, result.output


@pytest.mark.parametrize("how", ["in process", pytest.param("as make html runs it", marks=FULL)])
def test_gpu_profile_without_cuda_fails_fast(mini_site, monkeypatch, how):
    """``make html GPU=1`` stops before building, saying why. The fast tier calls the build entry
    in this process (no second Python that imports torch again); the full tier runs the command."""
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    if how == "in process":
        monkeypatch.setenv("GPU", "1")
        with pytest.raises(SystemExit) as stop:
            sitebuild.html(mini_site.tree)
        output = str(stop.value.code)  # what Python prints to stderr as it exits with status 1
    else:
        build = subprocess.run([sys.executable, "-m", "notesite.tools.sitebuild", "html"], cwd=mini_site.tree,
                               env={**os.environ, "GPU": "1"}, capture_output=True, text=True, timeout=300)
        assert build.returncode != 0
        output = build.stdout + build.stderr
    assert "GPU profile (GPU=1) needs CUDA" in output, output
    assert not (mini_site.tree / "_build" / ".jupyter_cache-gpu").exists()  # stopped before building


@FULL
def test_gpu_profile_tests_without_cuda_stop_at_once():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "--co", "tests/content/test_pages_align.py"],
                           cwd=ROOT, env={**os.environ, "GPU": "1"}, capture_output=True, text=True, timeout=300)
    assert tests.returncode == 3 and "needs CUDA" in tests.stdout + tests.stderr


def test_a_clean_build_elsewhere_gives_identical_pages(mini_site, tmp_path):
    """Seeded, no timestamps, no paths: the same sources in another folder publish the same
    files, byte for byte: every page, notebook (``_sources/*.ipynb``, ``jupyter_execute/``),
    script (``_snippets/``), image and static file, ``searchindex.js`` and ``.buildinfo``
    included (nothing is excluded: nothing differs)."""
    other = MiniSite(tmp_path / "elsewhere")
    for lang, result in other.build_all().items():
        assert result.returncode == 0, result.output
    here, there = mini_site.published, sitebuild.published_files(other.tree)
    assert sorted(here) == sorted(there), f"published in one folder only: {sorted(set(here) ^ set(there))}"
    differ = [name for name in sorted(here) if here[name] != there[name]]
    assert differ == [], "files differ between two clean builds in two folders:\n" + "\n".join(
        f"{name}: {sitebuild.first_difference(here[name], there[name])}" for name in differ)


@pytest.mark.parametrize("code,needle,message", [
    ('import warnings\nwarnings.warn("old_total() is deprecated; use sum()", DeprecationWarning)\n',
     "warnings.warn(", "DeprecationWarning: old_total() is deprecated; use sum()"),
    pytest.param(  # the notes' call on tensors/basics, without its catch (full tier: the kernel imports torch)
        'import torch\ntorch.set_default_tensor_type("torch.DoubleTensor")\ntorch.set_default_tensor_type("torch.FloatTensor")\n',
        "torch.set_default_tensor_type(", "UserWarning: torch.set_default_tensor_type() is deprecated", marks=FULL),
], ids=["DeprecationWarning", "torch's deprecation UserWarning"])
def test_deprecation_warning_fails_the_build_naming_file_and_line(mini, code, needle, message):
    """The warning gate (docs/_ipython/warning_gate.py): a deprecation in executed code is an error."""
    with mini.edit(COUNTING, "total = sum(numbers)\n", "total = sum(numbers)\n" + code) as path:
        result = mini.build(LANG)
        line = line_of(path, needle)
    assert result.returncode != 0
    assert f"{COUNTING}:{line}: {message}" in result.output, result.output


@FULL  # the fast tier proves the folder-independence by two clean builds in two folders
def test_printed_checkout_path_fails_the_build_naming_the_cell(mini):
    """A cell that prints where the sources are would publish this machine's folder."""
    with mini.edit(COUNTING, "print(numbers)\n", "print(numbers)\nimport snippets\nprint(snippets.__path__[0])\n"):
        result = mini.build(LANG)
    assert result.returncode != 0
    fence = line_of(mini.path(PAGE), ":snippet: mini/counting.py:numbers") - 1
    assert (f"{PAGE}:{fence}: ERROR: the output of mini/counting.py:numbers shows a path of the build "
            "machine (the source folder)") in result.output, result.output
    assert f"{mini.tree.resolve()}/snippets" in result.output  # the offending line, quoted



@FULL
def test_restored_mini_site_has_nothing_to_rebuild(mini):
    """What each test starts from after one that built (MiniSite.settle puts the saved built
    tree back): a build of it has nothing to do, and shows none of the previous test's edit."""
    with mini.edit(PAGE, INTRO, f"{EDITED_PROSE} {INTRO}"):
        assert mini.build(LANG).returncode == 0
    mini.settle()
    page = paths.html_dir(mini.tree, LANG) / "counting.html"
    written = page.stat().st_mtime_ns
    again = mini.build(LANG)
    assert again.returncode == 0 and again.kernels == 0, again.output
    assert page.stat().st_mtime_ns == written  # the page was up to date: not even rewritten
    assert EDITED_PROSE not in mini.html(LANG)

# --- more faults (full tier) ---------------------------------------------------------------------


@FULL
def test_caught_deprecation_warning_is_printed_not_raised(mini):
    """What a cell that shows a deprecated call on purpose does: catch the warning, print it."""
    code = ('import warnings\nwith warnings.catch_warnings(record=True) as caught:\n    warnings.simplefilter("always")\n'
            '    warnings.warn("old_total() is deprecated; use sum()", DeprecationWarning)\n'
            'for w in caught:\n    print(f"{w.category.__name__}: {w.message}")\n')
    with mini.edit(COUNTING, "total = sum(numbers)\n", "total = sum(numbers)\n" + code):
        result = mini.build(LANG)
        page = article_text(mini.html(LANG))
    assert result.returncode == 0, result.output
    assert "DeprecationWarning: old_total() is deprecated; use sum()" in page


@FULL
def test_recorded_gpu_output_with_a_machine_path_fails_the_build(mini):
    """A GPU build's recording is published on the CPU build: it is checked the same way."""
    recording = f"docs/_gpu/recordings/{RECORDING_REF.split(':')[0].removesuffix('.py')}/double.yaml"
    with mini.edit(recording, "output: 'tensor(",
                   "output: '/opt/conda/lib/python3.11/site-packages/torch/cuda/__init__.py: a warning\n\n  tensor("):
        result = mini.build(LANG)
    assert result.returncode != 0
    assert (f"the recorded output of {RECORDING_REF} (docs/_gpu/recordings) shows a path of the build machine "
            "(an installed package's folder)") in result.output, result.output


@FULL
def test_printed_installed_package_path_fails_the_build(mini):
    with mini.edit(COUNTING, 'print("total", total)\n', 'print("total", total)\nimport nbformat\nprint(nbformat.__file__)\n'):
        result = mini.build(LANG)
    assert result.returncode != 0
    assert re.search(r"the output of mini/counting\.py:total shows a path of the build machine \(the Python "
                     r"environment\)", result.output), result.output



@FULL
def test_hanging_snippet_is_stopped_by_the_timeout(mini):
    with mini.edit(COUNTING, "numbers = list(range(5))\n", "numbers = list(range(5))\nimport time\ntime.sleep(600)\n"):
        result = mini.build(LANG, "-D", "nb_execution_timeout=5", timeout=300)
    assert result.returncode != 0
    assert re.search(r"snippets/mini/counting\.py:\d+: the cell timed out after 5 s", result.output), result.output


@FULL
@pytest.mark.parametrize("old,new,message", [
    ("kernelspec:\n", "kernelspec: [unclosed\n", "{page}:1: WARNING: Malformed YAML"),
    (INTRO, f'<a href="index.html#no-such-section">home</a> {INTRO}',
     "counting.html: broken anchor 'index.html#no-such-section'"),
], ids=["malformed front matter", "broken link"])
def test_bad_page_input_fails_the_build_naming_the_place(mini, old, new, message):
    """MyST's and link_check's checks; a bad snippet reference: test_a_mistake_reads_as_one_located_line."""
    with mini.edit(PAGE, old, new):
        result = mini.build(LANG)
    assert result.returncode != 0
    assert message.format(page=PAGE) in result.output, result.output


# What Sphinx prints when an extension raises instead of reporting: a traceback, wrapped in a
# SphinxParallelError under -j, ending in a request to report a bug to Sphinx.
CRASH = ("Traceback", "Sphinx parallel build error", "Extension error", "Exception occurred",
         "github.com/sphinx-doc/sphinx/issues")
GPU_REF_LINE = f":snippet: {RECORDING_REF}"
TOTAL_LINE = ":snippet: mini/counting.py:total"


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": ERROR: " in line]


@pytest.mark.parametrize("rel,old,new,cell,message", [
    pytest.param(PAGE, TOTAL_LINE, ":snippet: mini/counting.py:totl", TOTAL_LINE.replace("total", "totl"),
                 "region 'totl' not found in snippets/mini/counting.py; it has: numbers, total", marks=FULL),
    pytest.param(PAGE, TOTAL_LINE, ":snippet: mini/countin.py:total", ":snippet: mini/countin.py:total",
                 "snippet module 'mini/countin.py' not found", marks=FULL),
    pytest.param(PAGE, TOTAL_LINE + "\n", TOTAL_LINE + "\nprint(1)\n", TOTAL_LINE,
                 "code cell for mini/counting.py:total has a body; leave it empty", marks=FULL),
    pytest.param(COUNTING, 'print("total", total)', 'print("total", total / 0)', TOTAL_LINE,
                 f"{COUNTING}:7: ZeroDivisionError: division by zero", marks=FULL),
    pytest.param(COUNTING, 'print("total", total)', 'import warnings; warnings.warn("old", DeprecationWarning)',
                 TOTAL_LINE, f"{COUNTING}:7: DeprecationWarning: old", marks=FULL),
    pytest.param("docs/_gpu/recordings/mini/on_gpu/double.yaml", "snippet: ", "snippet: [unclosed ", GPU_REF_LINE,
                 "docs/_gpu/recordings/mini/on_gpu/double.yaml: malformed recording (not YAML", marks=FULL),
    pytest.param("docs/_gpu/pending.txt", "<reason>\n", f"<reason>\n{RECORDING_REF}\n", GPU_REF_LINE,
                 f"docs/_gpu/pending.txt:2: give a reason after {RECORDING_REF!r}", marks=FULL),
], ids=["missing region", "missing module", "code in the page", "exception", "deprecation", "recording not YAML",
        "pending without a reason"])
def test_a_mistake_reads_as_one_located_line(mini, rel, old, new, cell, message):
    """Issue 26 item 7: each check of ours fails the build through Sphinx's own error path, as one
    line 'page:line: ERROR: what is wrong', located at the page's code cell, never as a crash report."""
    with mini.edit(rel, old, new):
        result = mini.build(LANG)
        line = line_of(mini.path(PAGE), cell) - 1  # the cell's opening fence
    assert result.returncode != 0
    assert [c for c in CRASH if c in result.output] == [], result.output
    assert any(f"{PAGE}:{line}: ERROR: {message}" in e for e in error_lines(result.output)), result.output
    assert len(error_lines(result.output)) == 1, result.output


@FULL
def test_a_new_page_from_the_templates_passes(mini):
    """Issue 26 item 8, README's "Adding a page in both languages" followed: the snippet template
    copied to snippets/<page>/, the page templates to docs/<code>/<page>.md and into the toctree.
    The pages build in every language; they break no rule of page_alignment (labels on every
    heading, the title included, the same cells, every region shown); the stamp check names the
    new page and the command to run, and after that command it is content."""
    import contextlib

    from notesite.tools import translations

    module = "snippets/newpage/section.py"
    (mini.tree / "snippets" / "newpage").mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        template = (ROOT / "snippets" / "contributing" / "section_template.py").read_text(encoding="utf-8")
        stack.enter_context(mini.added(module, template))
        for lang in LANGS:
            page = (ROOT / "snippets" / "contributing" / f"page_template_{lang}.md").read_text(encoding="utf-8")
            stack.enter_context(mini.added(f"docs/{lang}/newpage.md",
                                           page.replace("contributing/section_template.py", "newpage/section.py")))
            stack.enter_context(mini.edit(f"docs/{lang}/index.md", "counting\n```", "counting\nnewpage\n```"))
        for lang in LANGS:
            result = mini.build(lang)
            assert result.returncode == 0, result.output
            assert "0.4963" in mini.html(lang, "newpage")  # the seeded tensor of the template's first region
        assert [p for p in page_alignment.problems(mini.tree) if "newpage" in p] == []
        waiting = [m for m in translations.stale(mini.tree) if "newpage" in m]
        assert waiting and all(m.endswith("then run `make stamp PAGE=newpage`") for m in waiting), waiting
        stamps = stack.enter_context(mini.added(translations.STAMPS, "{}\n"))
        translations.stamp(mini.tree, "newpage")
        assert [m for m in translations.stale(mini.tree) if "newpage" in m] == [], stamps.read_text()
    (mini.tree / "snippets" / "newpage").rmdir()


@FULL
def test_unused_region_and_pasted_code_fail_the_alignment_check(mini):
    with mini.edit(COUNTING, 'print("total", total)\n', 'print("total", total)\n# %% orphan\nprint("used by no page")\n'):
        found = page_alignment.problems(mini.tree)
    assert any(re.search(r"counting\.py:\d+: region 'orphan' is used by no page", p) for p in found), found
    with mini.edit(PAGE, INTRO, f"```{{code-cell}} ipython3\nprint('pasted')\n```\n\n{INTRO}"):
        found = page_alignment.problems(mini.tree)
    assert any(PAGE in p and "code cell without ':snippet:" in p for p in found), found


@FULL
def test_removed_cache_records_reexecute_their_page(mini):
    for record in (paths.cache_dir(mini.tree, False) / "executed").iterdir():
        shutil.rmtree(record)
    result = mini.build(LANG, "-E")  # pages re-read, as after `make clean`
    assert result.returncode == 0, result.output
    assert result.kernels == 1  # the one page with code, not the home page
    assert "total 10" in mini.html(LANG)


@FULL
def test_corrupt_execution_cache_recovers_with_real_output(mini):
    (paths.cache_dir(mini.tree, False) / "global.db").write_bytes(b"this is not a database" * 100)
    result = mini.build(LANG, "-E")  # pages re-read, as after `make clean`
    assert result.returncode == 0, result.output
    assert result.kernels == len(sitebuild.notebook_pages(mini.tree, LANG))  # everything executed again
    assert "total 10" in mini.html(LANG)


@FULL
def test_kernel_environment_change_reexecutes_every_page(mini):
    startup = "docs/_ipython/profile_default/startup/00-count-kernels.py"
    with mini.edit(startup, "del _os\n", "del _os\n# edited\n"):
        result = mini.build(LANG)
        # the others re-read their pages too (no stale HTML), served from the refilled cache
        rest = {lang: mini.build(lang) for lang in LANGS if lang != LANG}
    assert result.returncode == 0, result.output
    assert result.kernels == len(sitebuild.notebook_pages(mini.tree, LANG))  # the cache was emptied
    for lang, other in rest.items():
        assert other.returncode == 0 and other.kernels == 0, other.output
        assert "total 10" in mini.html(lang)


# --- make bench (notesite/tools/bench.py) builds what it measures ------------------------------------


def test_bench_edits_files_that_exist():
    from notesite.tools import bench

    assert (ROOT / bench.PROSE_PAGE).is_file(), bench.PROSE_PAGE
    assert bench.SNIPPET_FROM in (ROOT / bench.SNIPPET).read_text(encoding="utf-8"), bench.SNIPPET


def test_bench_compiles_the_packages_where_a_fresh_clone_has_them(tmp_path):
    """make venv's pip install writes the packages' compiled modules under the clone's _build/pycache
    (the Makefile's PYTHONPYCACHEPREFIX): the bench's copy gets them there too, before any timing."""
    import importlib.util

    from notesite.tools import bench

    packages = tmp_path / "site-packages"
    (packages / "pkg").mkdir(parents=True)
    module = packages / "pkg" / "mod.py"
    module.write_text("VALUE = 1\n", encoding="utf-8")
    tree = tmp_path / "copy"
    bench.compile_installed(tree, [packages])
    prefix = paths.build_dir(tree) / "pycache"
    saved, sys.pycache_prefix = sys.pycache_prefix, str(prefix)
    try:
        compiled = Path(importlib.util.cache_from_source(str(module)))
    finally:
        sys.pycache_prefix = saved
    assert compiled.is_file() and prefix in compiled.parents, sorted(str(p) for p in tmp_path.rglob("*.pyc"))


@FULL
def test_bench_builds_the_site_as_make_html_does(mini):
    """Every language and the root pages, which the page-weight measurement opens first."""
    from notesite.tools import bench

    out = paths.html_dir(mini.tree)
    for name in paths.ROOT_PAGES:
        (out / name).unlink(missing_ok=True)
    mini.dirty.update(LANGS)  # put the built mini-site back afterwards
    result = bench.every_language(mini.tree)
    assert set(result) >= set(LANGS) and result["notebooks_executed"] == 0  # nothing changed: nothing runs
    for name in paths.ROOT_PAGES:
        assert (out / name).read_text(encoding="utf-8") == sitebuild.render_root_page(mini.tree, name)
    # and what make html leaves for the make targets the bench times next: the state a later make html
    # finds up to date, and the modules the build compiled, under the tree's own _build/pycache
    assert sitebuild.up_to_date(mini.tree)
    assert any((paths.build_dir(mini.tree) / "pycache").rglob("sphinx/*.pyc"))
