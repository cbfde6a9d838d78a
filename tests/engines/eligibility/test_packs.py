"""Every built-in pack against its YAML cases (boundaries, each direct route, unknown data), with the
reference evaluator and the vectorised engine alike."""

from __future__ import annotations

import pytest

from liandong.engines.eligibility import benefit, evaluate, evaluate_one, gaps

from .packs import facts_frame, load_cases, load_packs

PACKS = load_packs()
CASES = load_cases()


def test_every_built_in_pack_has_cases():
    assert {code for code, _case in CASES} == set(PACKS)
    assert {"innovative-sme-2022", "specialized-sme-2022", "little-giant-2022", "high-tech-2016",
            "tj-eaglet-2021"} <= set(PACKS)
    for pack in PACKS.values():
        assert pack.reference.get("document") and pack.reference.get("url", "").startswith("https://")


@pytest.mark.parametrize(("code", "case"), CASES, ids=[f"{c}: {case['name']}" for c, case in CASES])
def test_case(code, case):
    pack = PACKS[code]
    version = pack.version(case.get("version"))
    plain = evaluate_one(version, case["facts"])
    vector = evaluate(version, facts_frame([case["facts"]])).row(0, named=True)
    assert (plain.status, vector["status"]) == (case["status"], case["status"])
    if "score" in case:
        assert plain.score == vector["score"] == case["score"]
    if "score_max" in case:
        assert plain.score_max == vector["score_max"] == case["score_max"]
    if "benefit" in case:
        assert benefit(version, case["facts"]) == pytest.approx(case["benefit"])
    if plain.status != "met":
        assert gaps(version, case["facts"], plain), "a result short of met says what is missing"
