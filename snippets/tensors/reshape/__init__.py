"""Snippets of the page on changing the shape of tensors."""
