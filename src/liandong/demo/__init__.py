"""The demo district 西青区（示例）: a seeded, deterministic copy of a district's chain work.

- ``liandong.demo.plan``: the pure part (no Django): enterprises, codes, names, positions, tiers.
- ``liandong.demo.generator``: writes the plan and the figures into the database
  (``build_demo``, ``reset_demo``, ``demo_present``).
- ``liandong.demo.names``: fixed lists (departments, parks, name parts).

``liandong demo`` (``liandong.core.management.commands.demo``) is the command-line entry.
"""
