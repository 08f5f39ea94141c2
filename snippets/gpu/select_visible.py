"""Choosing the GPU: CUDA_VISIBLE_DEVICES, set_device and explicit devices (needs CUDA)."""
# %% visible_devices [gpu]
import os
import subprocess
import sys

import torch

COUNT = "import torch; print(torch.cuda.device_count())"


def run_child(code, **env):
    """Run `code` in a fresh Python with extra environment variables; return its stdout."""
    child = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True, check=True
    )
    return child.stdout.strip()


print("this kernel sees", torch.cuda.device_count(), "GPU(s)")
for value in ["", "0"]:
    print(f"CUDA_VISIBLE_DEVICES={value!r}: a new process sees", run_child(COUNT, CUDA_VISIBLE_DEVICES=value), "GPU(s)")
# %% too_late [gpu]
IN_TIME = """
import os, torch
os.environ["CUDA_VISIBLE_DEVICES"] = ""   # after import torch, before any CUDA call: in time
print(torch.cuda.is_available())
"""
TOO_LATE = """
import os, torch
print(torch.cuda.is_available())          # this query starts the CUDA driver ...
os.environ["CUDA_VISIBLE_DEVICES"] = ""   # ... so hiding every GPU now changes nothing
print(torch.ones(1, device="cuda").device)
"""
print("set before the first CUDA call:", run_child(IN_TIME))
print("set after is_available():", " ".join(run_child(TOO_LATE).split()))
# %% set_device [gpu]
previous = torch.cuda.current_device()
print("current device:", previous)
if torch.cuda.device_count() >= 2:
    torch.cuda.set_device(1)  # the notes' call
    print("after set_device(1):", torch.cuda.current_device(), torch.zeros(1).cuda().device)
    torch.cuda.set_device(previous)  # restore it, so that later cells are unaffected
else:
    print(f"set_device(1) needs two GPUs; {torch.cuda.device_count()} GPU(s) visible here, so it was not run")
# %% explicit_device [gpu]
last = torch.cuda.device_count() - 1  # the last visible GPU (cuda:0 on a one-GPU machine)
x = torch.ones(2, device=f"cuda:{last}")  # name the device explicitly ...
with torch.cuda.device(last):  # ... or make it current only inside a block
    y = torch.ones(2).cuda()  # .cuda() without an index uses the current device
print(x.device, y.device, "| current device after the block:", torch.cuda.current_device())
