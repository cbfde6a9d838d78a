"""The demo district 西青区（示例）: a seeded, deterministic copy of a district's chain work.

- ``liandong.demo.plan``: the pure part (no Django): enterprises, codes, names, positions, tiers.
- ``liandong.demo.generator``: writes the plan and the figures into the database
  (``build_demo``, ``reset_demo``, ``demo_present``).
- ``liandong.demo.appeals``: half a year of enterprise appeals, planned from the seed and walked
  through the real appeal services (moments anchored to the build time).
- ``liandong.demo.names``: fixed lists (departments, parks, name parts, appeal texts).

``liandong demo`` (``liandong.site.management.commands.demo``) is the command-line entry.
"""
