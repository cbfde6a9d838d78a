"""A tier pack is met for an enterprise holding the tier in force (the grant decides; review #13
item 6), in the plain evaluator and the vectorised engine alike; other packs ignore grants."""

from __future__ import annotations

from liandong.engines.eligibility import evaluate, evaluate_one

from .packs import facts_frame, load_packs

PACKS = load_packs()


def test_holding_the_tier_is_met_in_both_evaluators():
    tiers = [p for p in PACKS.values() if p.tier]
    assert {p.tier for p in tiers} >= {"innovative-sme", "specialized-sme", "little-giant", "high-tech", "tj-eaglet"}
    for pack in tiers:
        for version in pack.versions:
            rows = [{f"has_{pack.tier}": True}, {f"has_{pack.tier}": False}, {}]
            vector = evaluate(version, facts_frame(rows)).select("status", "held").rows()
            plain = [(e.status, e.held) for e in (evaluate_one(version, r) for r in rows)]
            assert vector == plain
            assert vector[0] == ("met", True) and vector[1][0] != "met" and vector[2][1] is False


def test_a_pack_without_a_tier_ignores_grants():
    version = PACKS["xq-rd-subsidy-2025"].version("2025")
    row = {f"has_{t}": True for t in ("high-tech", "specialized-sme")}
    assert evaluate_one(version, row).status == "needs_data" and not evaluate_one(version, row).held
    assert evaluate(version, facts_frame([row]))["status"][0] == "needs_data"
