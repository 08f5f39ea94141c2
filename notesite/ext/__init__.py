"""The Sphinx extensions conf.py lists (see notesite/__init__.py and notesite/README.md)."""
