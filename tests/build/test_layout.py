"""The machinery is one layered package that stands on its own (issue 26, item 1).

``notesite.core`` imports no other part of notesite, ``notesite.ext`` imports core (and
itself), ``notesite.tools`` imports core and ext; nothing under notesite/ or docs/ imports
the tests; no Python file edits ``sys.path`` (the package is installed, editable; the one
exception sets a forked child's ``sys.path[0]`` as Python does for a script), and
pytest's ``pythonpath`` is the repository root alone. Read from the source with ``ast``,
imports inside functions included.
"""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

import pytest

from tests.helpers import ROOT

LAYERS = ("core", "ext", "tools")  # each may import the ones before it, and itself


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import statement of ``path``, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found += [(node.lineno, f"{module}.{alias.name}" if module else alias.name) for alias in node.names]
    return found


def layer_problems(files: list[Path]) -> list[str]:
    problems = []
    for path in files:
        own = path.relative_to(ROOT).parts[1] if len(path.relative_to(ROOT).parts) > 2 else None
        for line, module in imported(path):
            parts = module.split(".")
            where = f"{path.relative_to(ROOT)}:{line}"
            if parts[0] == "tests":
                problems.append(f"{where}: imports the tests ({module})")
            if parts[0] == "notesite" and len(parts) > 1 and parts[1] in LAYERS and own in LAYERS:
                if LAYERS.index(parts[1]) > LAYERS.index(own):
                    problems.append(f"{where}: notesite.{own} imports {module}, a layer above it")
    return problems


def sys_path_edits(files: list[Path]) -> list[str]:
    """Calls of sys.path's methods (insert, append, remove ...), and assignments to, or deletions
    of, sys.path or an item or slice of it."""
    def is_sys_path(node) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "path"
                and isinstance(node.value, ast.Name) and node.value.id == "sys")

    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_sys_path(node.func.value)
            targets = (node.targets if isinstance(node, (ast.Assign, ast.Delete))
                       else [node.target] if isinstance(node, ast.AugAssign) else [])
            assigned = any(is_sys_path(t) or (isinstance(t, ast.Subscript) and is_sys_path(t.value)) for t in targets)
            if call or assigned:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_each_layer_imports_only_the_layers_before_it():
    assert layer_problems(python_files("notesite", "docs")) == []


def test_the_layer_check_finds_a_wrong_import(tmp_path, monkeypatch):
    """A core module that imports a tool, and an extension that imports the tests, are found."""
    fake = tmp_path / "notesite" / "core" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from notesite.tools import sitebuild\n    from ..ext import exec_cache\n")
    ext = tmp_path / "notesite" / "ext" / "bad.py"
    ext.parent.mkdir(parents=True)
    ext.write_text("import tests.helpers\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert layer_problems([fake, ext]) == [
        "notesite/core/bad.py:2: notesite.core imports notesite.tools.sitebuild, a layer above it",
        "notesite/core/bad.py:3: notesite.core imports notesite.ext.exec_cache, a layer above it",
        "notesite/ext/bad.py:1: imports the tests (tests.helpers)",
    ]


# The edits that are no way of importing the project, each once, at this line: the script runner's
# forked child becomes `python snippets/<path>.py`, whose sys.path[0] is the script's folder
# (tests/content/scripts.py); the build's kernel launcher takes its own folder off the path, as
# ipykernel_launcher takes the working directory (docs/_ipython/kernels/python3/launch.py).
SCRIPT_RUNNER = "tests/content/scripts.py"
ALLOWED_EDITS = {
    SCRIPT_RUNNER: "sys.path[0] = os.path.dirname(os.path.realpath(path))",
    "docs/_ipython/kernels/python3/launch.py": "del sys.path[0]",
}


def test_no_file_edits_sys_path():
    files = [p for p in python_files("notesite", "docs", "tests", "snippets") if p.name != "test_layout.py"]
    files += [ROOT / "conf.py", ROOT / "conftest.py"]
    edits = sys_path_edits(files)
    for name, code in ALLOWED_EDITS.items():
        found = [edit for edit in edits if edit.startswith(f"{name}:")]
        assert len(found) == 1, f"{name} edits sys.path once ({code}): {found}"
        line = int(found[0].rsplit(":", 1)[1])
        assert code in (ROOT / name).read_text(encoding="utf-8").splitlines()[line - 1], found[0]
    others = [edit for edit in edits if edit.split(":")[0] not in ALLOWED_EDITS]
    assert others == [], "import what the package (make venv) or the root provides instead"


@pytest.mark.parametrize("code", ["import sys\nsys.path.insert(0, 'x')\n", "import sys\nsys.path[:0] = ['x']\n",
                                  "import sys\nsys.path += ['x']\n", "import sys\nsys.path.append('x')\n",
                                  "import sys\ndel sys.path[0]\n"])
def test_the_sys_path_check_finds_an_edit(tmp_path, monkeypatch, code):
    (tmp_path / "edit.py").write_text(code)
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert sys_path_edits([tmp_path / "edit.py"]) == ["edit.py:2"]


def test_pytest_puts_only_the_root_on_the_path():
    ini = configparser.ConfigParser()
    ini.read(ROOT / "pytest.ini")
    assert ini["pytest"]["pythonpath"].split() == ["."]


@pytest.mark.full  # a second pytest collects the whole repository: seconds
def test_every_test_file_is_collected():
    """A plain ``pytest`` (what make test runs, no paths given) collects every tests/**/test_*.py:
    pytest's default ``norecursedirs`` holds "build", which silently skipped tests/build."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    collected = {line.split("::", 1)[0] for line in proc.stdout.splitlines() if "::" in line}
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")
             if "mini" not in p.relative_to(ROOT / "tests").parts}
    assert sorted(files - collected) == [], proc.stdout[-2000:] + proc.stderr[-2000:]
