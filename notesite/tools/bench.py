"""``make bench``: how long the build and the tests take, measured on a copy of the tree.

Prints one JSON object. For each scenario: wall seconds and notebooks executed
(kernels started), per language where it applies. The copy lives in a temporary
folder; the working tree and its _build are not touched. Before anything is timed, the
installed packages are compiled into the copy's _build/pycache, where a fresh clone's
``make venv`` puts them (``compile_installed``).

Scenarios: a clean build of every language (shared cache), a rebuild with no
change, a rebuild after editing one paragraph of prose, a rebuild after editing
one snippet, ``make test`` (the fast tier) and ``make test-all`` (the full tier), each
on the built copy; and the clean build again with MyST-NB's ``force``
mode (every page executed in every language), with the ratio between the two.

Page weight: what a reader's browser transfers, measured in Chromium on the clean build
(notesite/tools/page_weight.py): a first visit with an empty cache and the next page with
the shared files cached, the median and the maximum over all pages per language, as
served (gzip, like ``make serve`` and GitHub Pages) and uncompressed (``identity``),
with the budgets of issue 17 (1 MiB, 100 KiB) and whether every page keeps them.

Search (notesite/tools/search_bench.py, issue 24): on the clean build, in Chromium, per
language, the benchmark's queries that return nothing, the mean recall of relevant pages,
the share of queries whose best page is among the first three, the search index's size
(gzip) and the time from pressing Enter in the search box to the finished results; the
exit status is non-zero if a language misses a goal.

``make bench ONLY=tiers`` (``python -m notesite.tools.bench tiers``) measures the clean build
and the two tiers only: ``main`` takes the scenarios to measure (SCENARIOS, all by default;
SUBSETS names the smaller sets the command line accepts), and always measures the clean build,
which the others run on.

Reproducibility: the clean build is repeated from clean in a second folder, and every
published file (``_build/html``: pages, notebooks, scripts, images, search index) is
compared byte for byte with the first build's; ``reproducible`` lists the files that
differ (with the first differing line) and the exit status is non-zero if any does.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Collection

from notesite.core import languages
from notesite.tools import page_weight
from notesite.tools import search_bench
from notesite.core import paths
from notesite.tools import sitebuild

# A prose edit: a sentence added at the end of a page of the last language (its cells are unchanged).
PROSE_PAGE = f"docs/{languages.CODES[-1]}/tensors/basics.md"
PROSE_ADDED = "\nA sentence the benchmark adds.\n"
SNIPPET = "snippets/tensors/basics/size.py"
SNIPPET_FROM, SNIPPET_TO = "torch.zeros(5, 3)", "torch.zeros(4, 3)"

# What main() can measure besides the clean build (which it always measures: the others run on
# it), in the order of its JSON; each name is the key of its result.
SCENARIOS = ("pages_with_code", "page_weight", "search", "reproducible", "no_change_rebuild",
             "prose_edit_rebuild", "snippet_edit_rebuild", "make_test", "make_test_all", "clean_build_force")
# ``python -m notesite.tools.bench NAME`` (``make bench ONLY=NAME``): main() on a subset of SCENARIOS.
SUBSETS = {"tiers": ("make_test", "make_test_all")}  # minutes instead of most of an hour


def compile_installed(tree: Path, folders=None) -> None:
    """This virtual environment's packages compiled into ``tree``'s _build/pycache, as in a fresh clone.

    A fresh clone's ``make venv`` installs the packages with the Makefile's PYTHONPYCACHEPREFIX, so
    pip writes their compiled modules under the clone's _build/pycache before anything runs; the
    copy measured here shares this environment but not those files, and its build and tests would
    otherwise be timed compiling them (about 10,000 modules). The standard library's modules are
    left to the timed runs, as in a fresh clone: with the prefix set, Python reads none of its own
    ``__pycache__``. ``folders``: where the packages are (this environment's site-packages by default)."""
    if folders is None:
        folders = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(paths.build_dir(tree) / "pycache"), "PYTHONDONTWRITEBYTECODE": ""}
    for folder in folders:  # a package's file that does not compile (pip skips it too) is not an error here
        subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(folder)], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def every_language(tree: Path, *extra: str) -> dict:
    """Build every language of ``tree`` as `make html` does (the root pages too), timing each.

    As in ``make html`` (the Makefile's PYTHONPYCACHEPREFIX), the build and its kernels keep the
    modules they compile under ``tree``'s _build/pycache, where the make targets measured next
    in ``tree`` find them: a fresh clone's ``make test`` follows a ``make html`` that did so."""
    result, total = {}, 0.0
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(paths.build_dir(tree) / "pycache")}
    for site in languages.CODES:
        start = time.perf_counter()
        b = sitebuild.build(tree, site, *extra, timeout=3600, env=env, bytecode=True)
        seconds = time.perf_counter() - start
        if b.returncode:
            sys.exit(f"bench: the {site} build failed:\n{b.output[-3000:]}")
        result[site] = {"seconds": round(seconds, 1), "notebooks_executed": b.kernels}
        total += seconds
    sitebuild.finish(tree)  # the root pages, and the state a later make html finds up to date
    result["seconds"] = round(total, 1)
    result["notebooks_executed"] = sum(result[site]["notebooks_executed"] for site in languages.CODES)
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"bench: {path} no longer contains {old!r}; update notesite/tools/bench.py")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pytest_summary(stdout: str) -> str:
    """pytest's last line ("N passed, M skipped in …"), not make's."""
    lines = [line.strip("= ") for line in stdout.splitlines() if " passed" in line or " failed" in line]
    return lines[-1] if lines else ""


def make(tree: Path, target: str) -> dict:
    """Run ``make <target>`` in the built copy (with this virtual environment): seconds and summary."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    proc = subprocess.run(["make", target, f"VENV={Path(sys.executable).parents[1]}"], cwd=tree, env=env,
                          capture_output=True, text=True)
    result = {"seconds": round(time.perf_counter() - start, 1), "returncode": proc.returncode,
              "summary": pytest_summary(proc.stdout)}
    if proc.returncode:  # reported, and the exit status says so, but the other scenarios are still measured
        print(f"bench: make {target} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}", file=sys.stderr)
    return result


def fingerprints(tree: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sitebuild.published_files(tree).items()}


def build_elsewhere(first: dict[str, str], first_tree: Path) -> dict:
    """A clean build of the same sources in another folder: which published files differ from ``first``."""
    with tempfile.TemporaryDirectory(prefix="bench-elsewhere-") as tmp:
        tree = sitebuild.copy_tree(Path(tmp) / "another" / "folder", names=sitebuild.tracked())
        build = every_language(tree)
        second = fingerprints(tree)
        differ = sorted(name for name in set(first) & set(second) if first[name] != second[name])
        return {
            "seconds": build["seconds"],
            "files": len(second),
            "identical": not differ and set(first) == set(second),
            "only_in_one": sorted(set(first) ^ set(second)),
            "differ": {name: sitebuild.first_difference((first_tree / name).read_bytes(),
                                                        (paths.html_dir(tree) / name).read_bytes())
                       for name in differ},
        }


def main(scenarios: Collection[str] = SCENARIOS) -> None:
    """Measure the clean build and ``scenarios`` (names from SCENARIOS) on one copy of the tree,
    print the JSON, and exit non-zero if a measured scenario fails its check."""
    wanted = set(scenarios)
    if wanted - set(SCENARIOS):
        raise ValueError(f"bench: no scenario {sorted(wanted - set(SCENARIOS))}; they are {SCENARIOS}")
    out: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tree = sitebuild.copy_tree(Path(tmp) / "site", names=sitebuild.tracked())  # make test needs README, .ci, ...
        compile_installed(tree)
        if "pages_with_code" in wanted:
            out["pages_with_code"] = len(sitebuild.notebook_pages(tree, languages.FIRST.code))
        out["clean_build"] = every_language(tree)  # always: the other scenarios measure this build
        if "page_weight" in wanted:
            out["page_weight"] = page_weight.report(paths.html_dir(tree))
        if "search" in wanted:
            out["search"] = search_bench.summary(search_bench.run(paths.html_dir(tree)))
        if "reproducible" in wanted:
            out["reproducible"] = build_elsewhere(fingerprints(tree), paths.html_dir(tree))
        if "no_change_rebuild" in wanted:
            out["no_change_rebuild"] = every_language(tree)
        if "prose_edit_rebuild" in wanted:
            prose = (tree / PROSE_PAGE).read_text(encoding="utf-8")
            (tree / PROSE_PAGE).write_text(prose + PROSE_ADDED, encoding="utf-8")
            out["prose_edit_rebuild"] = every_language(tree)
        if "snippet_edit_rebuild" in wanted:
            edit(tree / SNIPPET, SNIPPET_FROM, SNIPPET_TO)
            out["snippet_edit_rebuild"] = every_language(tree)
        # The tests check what the pages say, so they run on the unedited tree (its
        # html step re-executes the one page whose snippet is restored).
        if "snippet_edit_rebuild" in wanted:
            edit(tree / SNIPPET, SNIPPET_TO, SNIPPET_FROM)
        if "prose_edit_rebuild" in wanted:
            (tree / PROSE_PAGE).write_text(prose, encoding="utf-8")
        for target in ("test", "test-all"):  # the fast tier, then the full tier
            key = f"make_{target.replace('-', '_')}"
            if key in wanted:
                out[key] = make(tree, target)
    if "clean_build_force" in wanted:
        with tempfile.TemporaryDirectory(prefix="bench-force-") as tmp:
            tree = sitebuild.copy_tree(Path(tmp) / "site")
            out["clean_build_force"] = every_language(tree, "-D", "nb_execution_mode=force")
        out["force_over_cache_ratio"] = round(out["clean_build_force"]["seconds"] / out["clean_build"]["seconds"], 2)
    if "no_change_rebuild" in wanted:
        out["no_change_over_clean_ratio"] = round(out["no_change_rebuild"]["seconds"] / out["clean_build"]["seconds"], 3)
    print(json.dumps(out, indent=2))
    failures = [out[key]["returncode"] for key in ("make_test", "make_test_all") if key in out]
    if "reproducible" in out:
        failures.append(not out["reproducible"]["identical"])
    if "page_weight" in out:
        failures.append(not all(v["within_budget"] for k, v in out["page_weight"]["served"].items() if k != "budgets"))
    if "search" in out:
        failures.append(not all(search_bench.meets_goals(v) for k, v in out["search"].items() if k != "goals"))
    sys.exit(next((failure for failure in failures if failure), 0))


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) > 1 or args and args[0] not in SUBSETS:
        sys.exit(f"usage: python -m notesite.tools.bench [{'|'.join(SUBSETS)}]  (got {' '.join(args)!r})")
    main(SUBSETS[args[0]] if args else SCENARIOS)
