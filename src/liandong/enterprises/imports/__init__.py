"""Imports of every kind in CONTRACTS.md, all-or-nothing. Entry point: ``services.import_run``."""
