"""The warning gate: a deprecation in executed snippet code is an error.

One list, applied in two places:

* the kernels that execute the pages, in both profiles (CPU and GPU):
  ``profile_default/startup/20-warning-gate.py`` installs it while each cell runs
  (``gate_cells``), so a cell that raises one fails the build with the snippet file,
  line and the warning's text (``notesite/ext/snippet_cells.py`` reports it);
* the tests that run snippet modules in process (``tests/helpers.py``: ``run_snippet``,
  ``SnippetRuns``, ``run_by_region``; the doctests of snippet modules, in ``conftest.py``).

Gated: ``DeprecationWarning``, ``PendingDeprecationWarning``, ``FutureWarning``, and a
``UserWarning`` whose message says "deprecat…" (torch deprecates mostly through
UserWarning, e.g. ``torch.set_default_tensor_type``). Other warnings keep Python's rules.

A cell that shows a deprecated call on purpose catches the warning and prints it; the
gate does not stop that, since ``catch_warnings(record=True)`` with
``simplefilter("always")`` puts its own filter first::

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old_call()
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")

This file is part of the kernel's environment (docs/_ipython): editing it empties the
execution cache, so every page executes again under the new list.
"""

from __future__ import annotations

import contextlib
import warnings

CATEGORIES = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
# A UserWarning is gated when its message matches this, from its start, ignoring case
# (warnings.filterwarnings compiles the pattern with re.IGNORECASE).
USER_WARNING_MESSAGE = r".*deprecat"


def install() -> None:
    """Put the gate's filters in front of the current ones (for the process, or a catch_warnings block)."""
    for category in CATEGORIES:
        warnings.filterwarnings("error", category=category)
    warnings.filterwarnings("error", message=USER_WARNING_MESSAGE, category=UserWarning)


def uninstall() -> None:
    """Take the gate's filters out again, leaving any other filter as it is now."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        install()
        ours = list(warnings.filters)
    warnings.filters[:] = [f for f in warnings.filters if f not in ours]
    warnings._filters_mutated()


def gate_cells(shell) -> None:
    """In a kernel: the gate while each cell runs, and only then.

    The kernel's own code stays ungated: ipykernel 7.4 itself raises a
    PendingDeprecationWarning in its shutdown handler, which under a process-wide
    gate fails the shutdown (and the kernel is killed after a wait). A filter that a
    cell sets stays set for the next cells, as without the gate.
    """
    shell.events.register("pre_run_cell", lambda info: install())
    shell.events.register("post_run_cell", lambda result: uninstall())


@contextlib.contextmanager
def gate():
    """The gate for the duration of a ``with`` block; the previous filters come back afterwards."""
    with warnings.catch_warnings():
        install()
        yield
