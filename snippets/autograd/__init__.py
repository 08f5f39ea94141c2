"""Snippets of the autograd page."""
