"""Template for a snippet module: copy it to snippets/<page path>/<section>.py.

The docstring says what the section shows. Regions follow, each starting at a
"# %% region_name" line; the page shows each region as one code cell, in both
languages, and the build runs the regions in order in one kernel. Doctests of
what the module defines go in the docstring of the package's __init__.py, not
here: readers copy the regions and download the whole module.
"""

# %% setup
# The first region imports what the module needs: the module runs on its own.
import torch

torch.manual_seed(0)  # seed anything random: every build prints the same numbers
x = torch.rand(2, 3)
x  # the last expression of a region is shown under the cell

# %% next_step
# A later region may use what earlier regions of the same module defined.
y = x * 2
print(y.shape)
print(torch.equal(y / 2, x))


# %% helper
def scale(t, factor=2):
    """Multiply ``t`` by ``factor`` (its doctest is in this package's __init__.py)."""
    return t * factor


scale(torch.arange(3))
