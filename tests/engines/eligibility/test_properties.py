"""The vectorised engine and the plain per-enterprise evaluator agree on random enterprises for every
pack and version: status, score range and every condition's outcome."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from liandong.engines.eligibility import FIELDS, evaluate, evaluate_one, leaves, vector

from .packs import facts_frame, load_packs

PACKS = load_packs()
VERSIONS = [(pack.code, v) for pack in PACKS.values() for v in pack.versions]

thresholds: dict[str, set] = defaultdict(set)
for _code, version in VERSIONS:
    for c in leaves(version.rule):
        if isinstance(c.value, int | float) and not isinstance(c.value, bool):
            thresholds[c.field] |= {c.value, c.value * 0.9, c.value * 1.1}


def value_of(name: str):
    kind = FIELDS[name].kind
    if kind == "bool":
        known = st.booleans()
    elif kind == "ratio":
        known = st.one_of(st.floats(-0.5, 1.5, allow_nan=False), st.sampled_from(sorted(thresholds[name]) or [0.0]))
    else:
        known = st.one_of(st.floats(0, 30_000, allow_nan=False), st.sampled_from(sorted(thresholds[name]) or [0.0]))
    return st.one_of(st.none(), known)


enterprise = st.fixed_dictionaries({name: value_of(name) for name in FIELDS})


def assert_agree(rows):
    frame = facts_frame(rows)
    for _code, version in VERSIONS:
        result = evaluate(version, frame)
        for i, row in enumerate(rows):
            plain = evaluate_one(version, row)
            got = result.row(i, named=True)
            assert got["status"] == plain.status
            assert got["score"] == plain.score and got["score_max"] == plain.score_max
            assert got["held"] == plain.held
            for ident, outcome in plain.outcomes.items():
                if f"c:{ident}" in got:
                    assert got[f"c:{ident}"] == outcome.value, ident


@settings(max_examples=60, deadline=None)
@given(st.lists(enterprise, min_size=1, max_size=25))
def test_vectorised_and_plain_agree(rows):
    assert_agree(rows)


@settings(max_examples=25, deadline=None)
@given(st.lists(enterprise, min_size=1, max_size=25))
def test_items_too_large_to_table_agree_too(rows):
    """Items with compound bands are scored by a lookup table of their bands' states; past
    ``MAX_LOOKUP_BANDS`` bands by a chain instead — forced here for every such item."""
    saved = vector.MAX_LOOKUP_BANDS
    vector.MAX_LOOKUP_BANDS = 0
    try:
        assert_agree(rows)
    finally:
        vector.MAX_LOOKUP_BANDS = saved


def test_every_condition_has_its_outcome_column():
    """Callers read each condition's outcome from the ``c:<id>`` columns (the 免申即享 list, its audit
    trail): every leaf of every pack has one."""
    frame = facts_frame([{}])
    for _code, version in VERSIONS:
        columns = set(evaluate(version, frame).columns)
        assert {f"c:{c.id}" for c in leaves(version.rule)} <= columns, version.version
