"""The demo district 西青区（示例）: a seeded, deterministic copy of a district's chain work.

- ``liandong.demo.plan``: the pure part (no Django): enterprises, codes, names, positions, tiers.
- ``liandong.demo.generator``: the orchestration: ``build_demo`` plans the district and runs the
  base steps (``BASE_STEPS``), then the steps apps declare (``LiandongApp.demo_steps``), in one
  transaction; ``reset_demo``, ``demo_present``, ``demo_counts``, ``demo_accounts``; the constants.
- ``liandong.demo.steps``: the base steps by domain (``registry``, ``chains``, ``stats``, ``policies``,
  ``appeals``, ``events``, ``matchmaking``), each ``step(context) -> rows written`` with a
  ``liandong.core.demo.DemoContext``; bulk rows through ``liandong.core.bulk.insert_rows``.
- ``liandong.demo.appeals``: half a year of enterprise appeals, planned from the seed and walked
  through the real appeal services (moments anchored to the build time).
- ``liandong.demo.activities``: half a year of events and 1:1 meetings, planned from the seed and
  written through the real event services.
- ``liandong.demo.names``: fixed lists (departments, parks, name parts, appeal texts).

``liandong demo`` (``liandong.site.management.commands.demo``) is the command-line entry.
"""
