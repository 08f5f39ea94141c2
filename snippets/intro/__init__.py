"""Snippets of the intro pages."""
