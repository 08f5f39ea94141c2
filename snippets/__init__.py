"""The code of every page: one module per page section, split into named regions.

See notesite/core/snippet_regions.py for the region format and README.md for how a
page refers to a region.
"""
