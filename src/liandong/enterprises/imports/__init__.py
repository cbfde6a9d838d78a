"""Imports of every kind in docs/imports.md, all-or-nothing. Entry point: ``services.import_run``."""
