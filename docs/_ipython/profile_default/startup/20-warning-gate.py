# Deprecations raised in executed cells are errors: the build fails naming the snippet
# file, line and warning (notesite/ext/snippet_cells.py). The list is in docs/_ipython/
# warning_gate.py, which the tests apply too. The gate is on only while a cell runs:
# the kernel's own code stays ungated (`python -W error` would hit its imports, and
# ipykernel's shutdown handler raises a PendingDeprecationWarning).
import importlib.util as _util
from pathlib import Path as _Path

_spec = _util.spec_from_file_location("warning_gate", _Path(__file__).resolve().parents[2] / "warning_gate.py")
_gate = _util.module_from_spec(_spec)
_spec.loader.exec_module(_gate)
_gate.gate_cells(get_ipython())  # noqa: F821 (IPython defines it for startup files)
del _util, _Path, _spec, _gate
