"""Snippets of the page on losses, optimizers and learning rates."""
