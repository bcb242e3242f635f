"""The sources layer of the package (tools/relayout.py; the README's layout table)."""
