"""Snippets of the page on sorting, extremes, memory sharing and tensor methods."""
