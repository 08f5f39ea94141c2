"""num_workers starts worker processes: a script that uses them needs `if __name__ == "__main__":`.

Each example writes a small training script to a temporary folder and runs it in
a new Python process, the way you would run it from a terminal; the last two run
the same code without a file, the way a notebook or an interactive session runs it.
"""
# %% start_method
import multiprocessing

multiprocessing.get_start_method()  # how this machine starts new processes
# %% script
import os
import re
import subprocess
import sys
import tempfile
import textwrap

HEADER = textwrap.dedent('''\
    import os

    import torch
    from torch.utils.data import DataLoader, Dataset

    # How new processes start: "spawn" as on Windows and macOS,
    # "forkserver" as on Linux from Python 3.14 on.
    START_METHOD = "spawn"


    class Squares(Dataset):
        def __len__(self):
            return 8

        def __getitem__(self, index):
            # Which worker runs this (None in the main process):
            worker = torch.utils.data.get_worker_info()
            return index * index, worker.id, os.getpid()

''')
MAIN = textwrap.dedent('''\
    loader = DataLoader(Squares(), batch_size=4, num_workers=2,
                        multiprocessing_context=START_METHOD)
    for squares, worker_ids, pids in loader:
        print(squares.tolist(), "from worker", worker_ids[0].item(),
              "| another process:", pids[0].item() != os.getpid())
''')


def run_script(source, start_method="spawn"):
    """Run `source` as a script in a new Python process; return the finished process."""
    source = source.replace('START_METHOD = "spawn"', f"START_METHOD = {start_method!r}")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "train.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        return subprocess.run([sys.executable, path], capture_output=True,
                              text=True, timeout=300)
# %% unguarded
pids = r"\(pid\(s\) [\d, ]+\)"  # process ids differ from run to run: left out
unguarded = {}
for method in ("spawn", "forkserver"):
    unguarded[method] = run_script(HEADER + MAIN, method)
    print(f"{method}: exit code {unguarded[method].returncode}")
    # What each worker process reported:
    worker = re.search(r"An attempt has been made.*?bootstrapping phase\.",
                       unguarded[method].stderr, re.S)
    print("  worker:", " ".join(worker.group().split()))
    # What the main process reported:
    parent = re.search(rf"RuntimeError: DataLoader worker {pids} exited "
                       "unexpectedly", unguarded[method].stderr)
    print("  main:  ", re.sub(pids, "(pid(s) ...)", parent.group()))
# %% guarded
guard = 'if __name__ == "__main__":\n'
guarded = run_script(HEADER + guard + textwrap.indent(MAIN, "    "))
print("exit code:", guarded.returncode)
print(guarded.stdout, end="")
# %% interactive
def run_code(code, folder=None):
    """Run `code` with `python -c`, from no file, as a notebook runs a cell."""
    return subprocess.run([sys.executable, "-c", code], cwd=folder,
                          capture_output=True, text=True, timeout=300)


# The guarded script's code, the Dataset class included, with no file:
interactive = run_code(HEADER + guard + textwrap.indent(MAIN, "    "))
print("exit code:", interactive.returncode)
# What each worker process reported:
missing = re.search(r"AttributeError: Can't get attribute .*", interactive.stderr)
print("  worker:", missing.group())
parent = re.search(rf"RuntimeError: DataLoader worker {pids} exited "
                   "unexpectedly", interactive.stderr)
print("  main:  ", re.sub(pids, "(pid(s) ...)", parent.group()))
# %% from_module
with tempfile.TemporaryDirectory() as folder:
    # The Dataset class goes to a module file next to the notebook ...
    with open(os.path.join(folder, "squares.py"), "w", encoding="utf-8") as f:
        f.write(HEADER)
    # ... and the notebook imports it: the workers import it the same way.
    notebook = ("import os\n\nfrom torch.utils.data import DataLoader\n\n"
                "from squares import START_METHOD, Squares\n\n")
    imported = run_code(notebook + MAIN, folder)
print("exit code:", imported.returncode)
print(imported.stdout, end="")
