"""Snippets of the data page: Dataset, transforms, DataLoader and the traffic-light example."""
