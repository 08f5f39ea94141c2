"""Templates for contributors: a snippet module to copy (docs/*/contributing.md).

The doctests of what this package's modules define live here, not in the modules:
a page shows the modules' regions, its copy buttons copy them, and its download
links carry whole modules, so no ``>>>`` line may stand in a module
(tests/content/test_shown_code.py). pytest runs these examples with the other doctests
(``--doctest-plus`` in pytest.ini). Importing a module runs it, so its printed
output is ignored.

>>> import torch
>>> from snippets.contributing.section_template import scale  # doctest: +IGNORE_OUTPUT
>>> scale(torch.ones(2))
tensor([2., 2.])
>>> scale(torch.arange(3), factor=3)
tensor([0, 3, 6])
"""
