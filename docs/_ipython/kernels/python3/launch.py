"""The kernel that executes the pages: ipykernel's, started without its debugger.

ipykernel imports debugpy in every kernel it starts, to offer a debugger to a front end
(ipykernel 7.4: IPythonKernel.__init__ and the kernel_info reply both import ipykernel.debugger):
0.3 of a kernel's 0.9 CPU-seconds to start on this project's machine, and no page of a build
uses a debugger. With debugpy marked absent, ipykernel runs as it does where debugpy is not
installed (its ``_is_debugpy_available`` is False). Upstream, ipython/ipykernel pull requests
1543 and 1545 (open) would let a kernel leave the import out by configuration.

The build finds this kernel specification first (notesite/ext/snippet_cells.py puts
docs/_ipython on JUPYTER_PATH); the rest is ``python -m ipykernel_launcher`` (sys.argv[0] is
this file's path instead, which no page reads).
"""

import os
import sys

# Python put this file's folder first on the path; out with it, as ipykernel_launcher takes out
# the working directory (which IPython adds again, after the standard library, as it starts).
if sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(os.path.realpath(__file__)):
    del sys.path[0]
sys.modules["debugpy"] = None  # "import debugpy" raises ImportError

from ipykernel import kernelapp  # noqa: E402

kernelapp.launch_new_instance()
