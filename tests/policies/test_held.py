"""Review #13 item 6: a qualification the enterprise holds counts. A grant in force makes its tier's
pack ``met`` (source: the grant) instead of "needs data"; a grant expiring within six months or
expired asks for renewal (复审/重新认定) on the enterprise's page and in the ladder; and the tier ladder
counts its candidates as the policy page does (met without the grant + near)."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from liandong.accounts.scoping import SYSTEM
from liandong.policies import screening, selectors
from tests.factories import make_analyst, make_enterprise, make_position, make_qualification

from .conftest import AS_OF, annual


def _holder():
    holder = make_enterprise(name="天津专精特新持证有限公司", above_scale=True, established=dt.date(2012, 5, 1))
    make_position(holder, "ic.mid.fab")
    for year, revenue, rd in ((2023, 3000, 150), (2024, 3300, 170), (2025, 3600, 190)):
        annual(holder, year, revenue=revenue, rd=rd)
    make_qualification(holder, "specialized-sme", granted=dt.date(2024, 10, 31), expires=dt.date(2027, 10, 31))
    lapsed = make_enterprise(name="天津高企过期有限公司", established=dt.date(2010, 1, 1))
    make_qualification(lapsed, "high-tech", granted=dt.date(2023, 3, 1), expires=dt.date(2026, 3, 1))
    return holder, lapsed


def _policy(enterprise, code):
    return next(p for p in selectors.enterprise_policies(actor=SYSTEM, enterprise=enterprise, as_of=AS_OF)
                if p["code"] == code)


def test_a_grant_in_force_is_met_from_the_grant(district):
    holder, _lapsed = _holder()
    held = _policy(holder, "specialized-sme-2022")
    assert held["status"] == "met" and held["held"] == {"expires": dt.date(2027, 10, 31), "renewal": ""}
    assert held["gaps"] == [] and held["undeclared"] == []
    s = screening.screening(actor=SYSTEM, as_of=AS_OF)
    row = s.packs["specialized-sme-2022"].results.filter(enterprise=holder.pk).row(0, named=True)
    assert row["status"] == "met" and row["held"] is True
    summary = next(p for p in screening.policy_summaries(s) if p["code"] == "specialized-sme-2022")
    assert summary["held"] == 1
    assert holder.pk not in set(screening.no_application_frame(s, "specialized-sme-2022")["enterprise"].to_list())


def test_expiring_and_expired_grants_ask_for_renewal(district):
    _held, lapsed = _holder()
    soon = _policy(district.leader, "innovative-sme-2022")  # 创新型 to 2026-12-01: within six months
    assert soon["status"] == "met" and "2026-12-01" in soon["held"]["renewal"] and "到期" in soon["held"]["renewal"]
    gone = _policy(lapsed, "high-tech-2016")  # 高企 to 2026-03-01: expired, judged by the rules again
    assert gone["status"] != "met" and gone["held"] is None
    assert "2026-03-01" in gone["renewal"] and "重新" in gone["renewal"]
    renewals = {q["uscc"]: q for q in selectors.tier_ladder(actor=SYSTEM, as_of=AS_OF)["expiring"]}
    assert renewals[lapsed.uscc]["expired"] is True and renewals[district.leader.uscc]["expired"] is False
    client = Client()
    client.force_login(make_analyst())
    page = client.get(f"/policies/enterprises/{lapsed.uscc}/").content.decode()
    assert "2026-03-01" in page and "重新" in page


def test_the_ladder_and_the_policy_page_count_candidates_alike(district):
    _holder()
    s = screening.screening(actor=SYSTEM, as_of=AS_OF)
    summaries = {p["code"]: p for p in screening.policy_summaries(s)}
    ladder = selectors.tier_ladder(actor=SYSTEM, as_of=AS_OF)
    for c in ladder["candidates"]:
        p = summaries[c["policy"]]
        assert (c["met"], c["near"]) == (p["met"] - p["held"], p["near"])
        assert c["count"] == c["met"] + c["near"] and p["candidates"] == c["count"]
    assert ladder["holders"]["specialized-sme"] == summaries["specialized-sme-2022"]["held"] == 1
    client = Client()
    client.force_login(make_analyst())
    specialised = next(c for c in ladder["candidates"] if c["tier"] == "specialized-sme")
    policy_page = client.get("/policies/specialized-sme-2022/").content.decode()
    ladder_page = client.get("/policies/ladder/").content.decode()
    shown = re.search(r'id="candidates"[^>]*>.*?(\d+)', policy_page, re.S)
    assert shown and int(shown.group(1)) == specialised["count"]
    card = re.search(r'data-tier="specialized-sme".*?</h2>', ladder_page, re.S).group(0)
    assert str(specialised["count"]) in card
