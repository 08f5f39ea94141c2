# A kernel that stops skips the cycle collector. At exit Python clears each module and collects
# every object still alive (torch's and the page's), about 0.5 s in a kernel that imported torch:
# longer than half of jupyter-client's shutdown_wait_time (notesite/ext/snippet_cells.py), so
# every such kernel was stopped by SIGTERM 0.5 s after it was asked to stop. gc.freeze() at exit
# takes them out of the collector's reach; reference counts still free what they can, and every
# exit handler still runs (this one before the kernel's own). What it gives up: an object held
# only by a reference cycle is not finalized at exit, so a page closes its files and temporary
# files itself (the snippets do: `with`, cleanup()).
import atexit as _atexit
import gc as _gc

_atexit.register(_gc.freeze)
del _atexit, _gc
