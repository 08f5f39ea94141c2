"""Snippets of the page on building networks with torch.nn."""
