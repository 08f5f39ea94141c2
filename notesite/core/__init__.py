"""The base layer: paths, languages, snippet regions (see notesite/__init__.py)."""
