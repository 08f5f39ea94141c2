"""Snippets of the install pages."""
