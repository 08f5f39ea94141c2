"""Snippets of the models page: torchvision models, pretrained weights, saving, loading, freezing."""
