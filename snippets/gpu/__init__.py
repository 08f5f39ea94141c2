"""Snippets of the GPU page."""
