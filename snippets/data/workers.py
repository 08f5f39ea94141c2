"""num_workers starts worker processes: a script that uses them needs `if __name__ == "__main__":`.

Each example writes a small training script to a temporary folder and runs it in
a new Python process, the way you would run it from a terminal.
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


    class Squares(Dataset):
        def __len__(self):
            return 8

        def __getitem__(self, index):
            # Which worker runs this (None in the main process):
            worker = torch.utils.data.get_worker_info()
            return index * index, worker.id, os.getpid()

''')
MAIN = textwrap.dedent('''\
    # Start the workers the way Windows and macOS do:
    loader = DataLoader(Squares(), batch_size=4, num_workers=2,
                        multiprocessing_context="spawn")
    for squares, worker_ids, pids in loader:
        print(squares.tolist(), "from worker", worker_ids[0].item(),
              "| another process:", pids[0].item() != os.getpid())
''')


def run_script(source):
    """Run `source` as a script in a new Python process; return the finished process."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "train.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        return subprocess.run([sys.executable, path], capture_output=True,
                              text=True, timeout=300)
# %% unguarded
unguarded = run_script(HEADER + MAIN)
print("exit code:", unguarded.returncode)
# What each worker process reported:
worker = re.search(r"An attempt has been made.*?bootstrapping phase\.",
                   unguarded.stderr, re.S)
print(" ".join(worker.group().split()))
# What the main process reported, without the process ids:
pids = r"\(pid\(s\) [\d, ]+\)"
parent = re.search(rf"RuntimeError: DataLoader worker {pids} exited "
                   "unexpectedly", unguarded.stderr)
print(re.sub(pids, "(pid(s) ...)", parent.group()))
# %% guarded
guard = 'if __name__ == "__main__":\n'
guarded = run_script(HEADER + guard + textwrap.indent(MAIN, "    "))
print("exit code:", guarded.returncode)
print(guarded.stdout, end="")
