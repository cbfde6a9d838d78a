"""What a step of the demo district gets (``liandong demo``).

The demo district is written by steps: the base district's (``liandong.demo.steps``) and those the
apps declare (``core.registry.DemoStep``, ``LiandongApp.demo_steps``), which run after the base
district is built, in ``order``, inside the same transaction. Every step is a function
``step(context: DemoContext) -> int`` (the rows it wrote). The context lives in core so that an app
below ``liandong.demo`` can write its step without importing the demo package: it finds the
planned enterprises in ``context.plan`` and their database ids in ``context.enterprise_ids``.

Deterministic: a step draws from ``context.rng(key)``, a ``random.Random`` seeded from the build's
seed and a key of the step's own (string seeds hash with SHA-512, so they do not depend on
PYTHONHASHSEED), and takes "today" from ``context.today``, never from the wall clock. Fast: bulk
rows go through ``core.bulk.insert_rows``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def _silent(_message: str) -> None:
    pass


@dataclass
class DemoContext:
    scale: int
    """Number of planned (local) enterprises."""
    seed: int
    today: date
    """The demo's "today" (an argument of the build, not the wall clock)."""
    plan: Any
    """The pure plan (``liandong.demo.plan.DemoPlan``): ``enterprises`` (each with its ``idx``, ``uscc``,
    ``name``, ``positions``, ``grants``, size and figures) and ``ent_users`` (the plan indices of the
    enterprises of the demo users ``ent1`` and ``ent2``)."""
    progress: Callable[[str], None] = _silent
    """Where a step may report what it does (one line, Chinese, as ``liandong demo`` prints)."""
    enterprise_ids: list[int] = field(default_factory=list)
    """Database id of each planned enterprise, by plan index (written by the base step ``enterprises``)."""
    counts: dict[str, int] = field(default_factory=dict)
    """Rows written so far, by step key (what ``liandong demo --json`` prints); a step adds extra
    counts with ``add``."""
    shared: dict[str, Any] = field(default_factory=dict)
    """What a step leaves for later ones, by name (e.g. the base district's chains and parks)."""

    def rng(self, key: str) -> random.Random:
        """The random stream of ``key``: the same seed and key give the same draws on every machine."""
        return random.Random(f"{self.seed}:{key}")

    def add(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n
