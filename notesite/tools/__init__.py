"""What the Makefile runs: builds, serving, PDFs, benchmarks (see notesite/__init__.py)."""
