"""The steps of the base demo district, by domain; each is ``step(context) -> rows written``.

``context`` is a ``liandong.core.demo.DemoContext``: the seed, the scale, the demo's "today", the
pure plan (``liandong.demo.plan``), the enterprises' ids and a random stream per key
(``context.rng(key)``). ``liandong.demo.generator.BASE_STEPS`` lists them in the order they run;
what one step leaves for a later one is in ``context.shared`` (read through ``common``).

- ``registry``: parks, organizations, enterprises (with their audit entries), the demo users,
  qualifications, honours, contacts.
- ``chains``: chain positions, supply relations, outside suppliers and what they supply.
- ``stats``: annual data, monthly indicators, the published district totals.
- ``policies``: the facts enterprises declared.
- ``appeals``: appeal categories' departments, half a year of appeals (``liandong.demo.appeals``).
- ``events``: half a year of events and 1:1 meetings (``liandong.demo.activities``).
- ``matchmaking``: needs, offers and the deals made of them.

Bulk rows go through ``liandong.core.bulk.insert_rows``.
"""
