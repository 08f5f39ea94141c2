"""Snippets of the page on concatenating, splitting and indexing tensors."""
