"""The build's promises and failure behaviour: the mini-site (minisite.py), the full build, its outputs (HTML, PDF, notebooks)."""
