"""Templates for contributors: a snippet module to copy (docs/*/contributing.md)."""
