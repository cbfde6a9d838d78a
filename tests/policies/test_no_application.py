"""The 免申即享 list and the screening's reuse: the vectorised exclusion of results resting on declared
facts agrees with the plain evaluator; a screening is reused while the shared cache holds it."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.core.cache import cache
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from liandong.accounts.scoping import SYSTEM
from liandong.engines.eligibility import FIELDS, benefit, evaluate, evaluate_one, leaves
from liandong.policies import screening, selectors
from liandong.policies.screening import PackScreening, Screening
from tests.engines.eligibility.packs import facts_frame
from tests.engines.eligibility.test_properties import VERSIONS, enterprise
from tests.factories import make_enterprise

from .conftest import AS_OF


def plain_no_application(version, rows):
    """(enterprise, benefit, the conditions read) of every 免申即享 row, by the plain evaluator: met, not
    by holding the tier already, and no condition read and holding rests on a declared fact."""
    out = []
    for i, row in enumerate(rows, start=1):
        ev = evaluate_one(version, row)
        if ev.status == "met" and not ev.held and not any(ev.outcomes.get(c.id) and ev.outcomes[c.id].value is True
                                          and FIELDS[c.field].source == "declared" for c in leaves(version.rule)):
            out.append((i, benefit(version, row), [c.id for c in leaves(version.rule) if c.id in ev.outcomes]))
    return sorted(out, key=lambda r: -(r[1] or 0))


@settings(max_examples=40, deadline=None,  # sixty facts per enterprise: generation may run long or large
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(enterprise, min_size=1, max_size=20))
@example([{**dict.fromkeys(FIELDS), "years_in_niche": 2.0, "rd_expense": 100.0, "rd_ratio": 1.0,  # 专精特新 met, its
            "equity_financing_2y": 6000, "rd_institution": True, "rd_institution_level": 1}])  # R&D body: level unread
def test_vectorised_no_application_list_agrees_with_the_plain_evaluator(rows):
    facts = facts_frame(rows).with_columns(pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("enterprise"))
    for code, version in VERSIONS:
        s = Screening(dt.date(2026, 6, 30), facts, {code: PackScreening(None, version, evaluate(version, facts), True)},
                      {i: (f"U{i}", f"企业{i}") for i in range(1, len(rows) + 1)})
        frame = screening.no_application_frame(s, code)
        traces = [[t["id"] for t in row["bundle"]["trace"]] for row in screening.no_application_rows(s, code, frame)]
        got = [(*pair, trace) for pair, trace in zip(frame.select("enterprise", "benefit_wan").rows(), traces, strict=True)]
        assert got == plain_no_application(version, [{**r, "enterprise": i} for i, r in enumerate(rows, start=1)])


def test_a_screening_is_reused_until_the_data_or_the_shared_cache_changes(district):
    first = screening.screening(actor=SYSTEM, as_of=AS_OF)
    assert screening.screening(actor=SYSTEM, as_of=AS_OF) is first
    cache.clear()  # the shared entry gone: computed again
    second = screening.screening(actor=SYSTEM, as_of=AS_OF)
    assert second is not first and screening.screening(actor=SYSTEM, as_of=AS_OF) is second
    make_enterprise(name="天津新登记科技有限公司")  # new data: a new key
    assert screening.screening(actor=SYSTEM, as_of=AS_OF) is not second


def test_the_ladder_counts_every_candidate_not_only_those_it_lists(district):
    listed = selectors.tier_ladder(actor=SYSTEM, as_of=AS_OF)["candidates"]
    counted = selectors.tier_ladder(actor=SYSTEM, as_of=AS_OF, per_tier=0)["candidates"]
    assert [c["count"] for c in counted] == [c["count"] for c in listed] and any(c["count"] for c in listed)
    assert all(c["rows"] == [] for c in counted)


def test_the_worker_job_warms_todays_screening(district, django_assert_max_num_queries):
    from liandong.policies.tasks import warm_policy_screening

    warm_policy_screening.call_local()  # what the worker runs after data_changed()
    screening._recent.clear()  # another process: only the shared cache has it
    with django_assert_max_num_queries(8):  # the custom policies and seven max(id) reads, no facts
        s = screening.screening(actor=SYSTEM)
    assert set(s.packs) >= {"innovative-sme-2022", "xq-rd-subsidy-2025"}
