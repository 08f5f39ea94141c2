"""Snippets of the GPU page's DistributedDataParallel section."""
