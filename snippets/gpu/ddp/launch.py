"""Run train_ddp.py with torchrun: one process per GPU, or two CPU processes (gloo) without CUDA."""
# %% find_script
import importlib.util
import subprocess
import sys
from pathlib import Path

import torch

# Run as a script, this folder is sys.path[0]; a downloaded notebook finds the copy its
# first cell wrote beside it; the site's build finds the repository's module. Either way:
spec = importlib.util.find_spec("train_ddp") or importlib.util.find_spec("snippets.gpu.ddp.train_ddp")
script = spec.origin
Path(script).name
# %% launch
n = torch.cuda.device_count() if torch.cuda.is_available() else 2
command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(n), script]
result = subprocess.run(command, capture_output=True, text=True, timeout=300)
if result.returncode != 0:
    raise RuntimeError(f"torchrun exited with {result.returncode}:\n{result.stderr[-3000:]}")
print(result.stdout, end="")  # the script's output; torchrun's own log lines went to stderr
