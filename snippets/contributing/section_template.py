"""Template for a snippet module: copy it to snippets/<page path>/<section>.py.

The docstring says what the section shows. Regions follow, each starting at a
"# %% region_name" line; the page shows each region as one code cell, in both
languages, and the build runs the regions in order in one kernel.
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


# %% helper_with_doctest
def scale(t, factor=2):
    """Multiply ``t`` by ``factor``; pytest runs the example below as a doctest.

    >>> scale(torch.ones(2))
    tensor([2., 2.])
    """
    return t * factor


scale(torch.arange(3))
