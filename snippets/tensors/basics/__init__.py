"""Snippets of the tensors basics pages."""
