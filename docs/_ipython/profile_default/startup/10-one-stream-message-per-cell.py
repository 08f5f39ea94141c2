# Send each cell's stdout (and stderr) as ONE message, at the end of the cell.
# ipykernel otherwise flushes every 0.2 s, so where a cell's printed text is cut
# into messages depends on timing; MyST-NB strips and re-joins the pieces, and the
# page could gain or lose blank lines from one build to the next. The kernel
# flushes both streams when a cell finishes, so nothing is lost.
import sys as _sys

for _stream in (_sys.stdout, _sys.stderr):
    if hasattr(_stream, "flush_interval"):
        _stream.flush_interval = 1e9
del _sys, _stream
