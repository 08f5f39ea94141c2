# Append one line per kernel start to $SNIPPET_KERNEL_LOG when it is set: the tests
# and `make bench` count executed notebooks with it (a cache hit starts no kernel).
import os as _os

if _os.environ.get("SNIPPET_KERNEL_LOG"):
    with open(_os.environ["SNIPPET_KERNEL_LOG"], "a", encoding="utf-8") as _log:
        _log.write(f"{_os.getpid()}\n")
del _os
