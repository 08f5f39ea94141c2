"""The base layer: paths, languages, snippet regions, the HTML reader (see notesite/__init__.py)."""
