"""Snippet modules run as scripts, ``python snippets/<path>.py``, without importing torch for each.

A fresh ``python`` spends about 1.7 s importing torch (3.5 s with torchvision) before a
snippet's first line, and the full tier runs some sixty modules as scripts. ``ScriptRunner``
starts one Python process (``python tests/content/scripts.py``, in the environment a reader's
script gets: no ``PYTHONPATH``) that imports torch and torchvision once and forks a child for
each module. The child is what ``python snippets/<path>.py`` makes of the file: ``sys.argv``
the path as given, ``sys.path[0]`` the module's own folder, the file run as a new ``__main__``
module (its absolute path as ``__file__``, no ``__spec__``), standard input
empty, its own standard output and error, its exit status; it ends as the interpreter ends
(non-daemon threads joined, ``atexit`` handlers run, its ``__main__``'s objects finalized), and worker processes started with
"spawn" start from its file as a real script's do. test_snippets_run.py compares a probe
script run both ways.

What a fork cannot show: a file in the module's folder named like a module that Python or
torch imports when it starts (``types.py``, ``cuda.py``) shadows that module in a fresh
process, and here it is imported already. ``ScriptRunner.preloaded`` names those modules, and
test_snippets_run.py checks that no file or folder beside a snippet module is named so.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PRELOADED = ("torch", "torchvision")  # what a snippet's first lines would import


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class ScriptRunner:
    """Runs files as scripts in children of one process that has imported torch (module docstring).

    ``cwd``: the folder the scripts run in; ``env``: their environment.
    """

    def __init__(self, cwd: Path, env: dict[str, str]):
        self._folder = tempfile.TemporaryDirectory(prefix="snippet-scripts-")
        self._cwd, self._env = cwd, env
        self._server = None
        self._start()

    def _start(self) -> None:
        """A new server (at first, and after one that gave no answer: the next script runs anyway)."""
        self._stop()
        self._server = subprocess.Popen([sys.executable, str(Path(__file__).resolve())], cwd=self._cwd, env=self._env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        start_new_session=True)  # its own process group, with its children
        first = self._server.stdout.readline()
        if not first:
            raise RuntimeError(f"the script runner did not start (exit status {self._server.poll()})")
        # Imported before any script runs: a file named like one of these would shadow it in a
        # fresh process, not here (the module docstring).
        self.preloaded: set[str] = set(json.loads(first)["modules"])

    def run(self, path: str, timeout: float = 300) -> Result:
        """``python path`` (``path`` as typed on the command line, relative to ``cwd``)."""
        if self._server.poll() is not None:
            self._start()
        out = Path(self._folder.name)
        request = {"path": path, "stdout": str(out / "stdout"), "stderr": str(out / "stderr"), "timeout": int(timeout)}
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        ready, _, _ = select.select([self._server.stdout], [], [], timeout + 30)
        answer = self._server.stdout.readline() if ready else ""
        if not answer:
            status = self._server.poll()
            self._stop()  # the next run starts a new server
            raise RuntimeError(f"the script runner gave no answer for {path} within {timeout + 30} s (exit status {status})")
        code = json.loads(answer)["returncode"]
        return Result(code, *(Path(request[name]).read_text(encoding="utf-8", errors="replace")
                              for name in ("stdout", "stderr")))

    def _stop(self) -> None:
        """End the server: its input closed, killed with its process group's children when it does
        not end (a script stuck past its alarm)."""
        if self._server is None or self._server.poll() is not None:
            return
        self._server.stdin.close()
        try:
            self._server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self._server.pid, signal.SIGKILL)
            self._server.wait()

    def close(self) -> None:
        self._stop()
        self._folder.cleanup()


def _status(code) -> int:
    """The exit status ``sys.exit(code)`` gives, printing a non-integer code as Python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _child(request: dict):
    """In the forked child: become ``python <path>``, run it and end as the interpreter would."""
    import builtins
    import signal
    import traceback
    import types
    from importlib import machinery

    for fd, name in ((0, os.devnull), (1, request["stdout"]), (2, request["stderr"])):
        target = os.open(name, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.stdin = sys.__stdin__ = open(0, closefd=False)  # not the server's buffered requests
    signal.alarm(request["timeout"])  # a script that hangs ends as the test's timeout would end it
    path = request["path"]
    sys.argv = [path]
    sys.path[0] = os.path.dirname(os.path.realpath(path))
    main = types.ModuleType("__main__")  # a new __main__, as the interpreter makes for a script
    main.__dict__.update(__file__=os.path.abspath(path), __builtins__=builtins, __spec__=None, __cached__=None,
                         __loader__=machinery.SourceFileLoader("__main__", path))
    sys.modules["__main__"] = main
    try:
        # dont_inherit: not this file's ``from __future__`` imports (annotations would stay strings)
        exec(compile(Path(path).read_bytes(), os.path.abspath(path), "exec", dont_inherit=True), main.__dict__)
        code = 0
    except SystemExit as stop:
        code = _status(stop.code)
    except BaseException:  # noqa: BLE001 - reported as the interpreter reports it
        traceback.print_exc()
        code = 1
    _end(main)
    os._exit(code)


def _end(main) -> None:
    """What the interpreter does at exit that a script can see: its non-daemon threads joined,
    its ``atexit`` handlers run (multiprocessing's joins its workers), the objects of its own
    ``__main__`` finalized (a file it left open there is flushed), standard output and error
    flushed. Not the teardown of every module: after torch's import that takes over a second
    (1.2 s measured), and the exit status does not depend on it (an object held by a module the
    script imported is not finalized: output it would write then is not seen here)."""
    import atexit
    import gc
    import threading
    import traceback

    try:
        threading._shutdown()  # what Python calls first when it exits
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
    atexit._run_exitfuncs()  # prints a handler's exception, as at exit
    main.__dict__.clear()
    gc.collect()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


def _serve() -> int:
    """The server's loop: the modules it imported, then a JSON request per line on stdin and the
    exit status per line on stdout.

    Returns when stdin closes; each child ends in ``_child``.
    """
    import gc

    for module in PRELOADED:
        __import__(module)
    gc.freeze()  # the children's collections leave torch's objects alone (no copy of their pages)
    answers = os.fdopen(os.dup(1), "w")
    answers.write(json.dumps({"modules": sorted({name.split(".")[0] for name in sys.modules})}) + "\n")
    answers.flush()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            answers.close()
            _child(request)  # never returns
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_serve())
