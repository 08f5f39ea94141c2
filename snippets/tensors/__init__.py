"""Snippets of the tensors pages."""
