"""Demo step of the policies: the facts enterprises declared themselves (自报, no audit entries)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from liandong.core.bulk import insert_rows
from liandong.core.demo import DemoContext
from liandong.demo.steps.common import clip


def declared_facts(ctx: DemoContext) -> int:
    """What some innovative enterprises declared themselves (自报) for the policies' ``declared``
    conditions: high-tech revenue share and field for high-tech firms, quality certification,
    digital level and a strategic-emerging-industry product for the tiered ones — the rest stays unknown, as it would."""
    from liandong.policies.models import DeclaredFact

    rng = ctx.rng("declared")
    ids = ctx.enterprise_ids

    def rows() -> Iterator[tuple]:
        for e in ctx.plan.enterprises:
            held = {g.type for g in e.grants}
            tiered = bool(held & {"innovative-sme", "specialized-sme", "little-giant"})
            if not (held & {"high-tech"} or tiered or e.innovation > 1.5) or rng.random() < 0.4:
                continue  # most enterprises never declare; some who could have not yet
            on = ctx.today - timedelta(days=rng.randint(5, 300))
            facts = {"high_tech_revenue_share": round(clip(0.5 + 0.12 * e.innovation + rng.gauss(0, 0.1), 0.1, 0.95), 3),
                     "key_tech_field": 1.0 if "high-tech" in held or rng.random() < 0.6 else 0.0}
            if tiered or e.above_scale:
                facts["quality_certified"] = 1.0 if rng.random() < 0.7 else 0.0
                facts["digital_level"] = float(min(4, max(1, round(2 + 0.6 * e.innovation + rng.gauss(0, 0.7)))))
                # 战略性新兴产业 is the enterprise's word, never inferred from the chain (review #13 item 5)
                facts["strategic_emerging"] = 1.0 if rng.random() < 0.7 else 0.0
            for field, value in facts.items():
                yield ids[e.idx], field, value, "", on

    return insert_rows(DeclaredFact, ("enterprise_id", "field", "value", "evidence", "declared_on"), rows())
