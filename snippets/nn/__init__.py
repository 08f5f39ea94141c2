"""Snippets of the torch.nn pages."""
