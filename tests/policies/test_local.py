"""Review #13 item 3: screening reads the district's own enterprises only (``enterprises.selectors.local_only``,
the same rule as the registry's lists and the dashboard); suppliers registered elsewhere that the office tracks
are neither screened nor counted, on the page, in the CLI/API, the tier ladder or a briefing's invitations."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from liandong.accounts.scoping import SYSTEM
from liandong.policies import screening, selectors
from tests.factories import make_analyst, make_enterprise, make_position, make_qualification, make_uscc

from .conftest import AS_OF, annual


def _outside():
    supplier = make_enterprise(uscc=make_uscc(division="120116"), name="滨海配套供应商有限公司",
                               above_scale=True, established=dt.date(2016, 3, 1))
    make_position(supplier, "ic.mid.fab")
    for year, revenue, rd in ((2023, 8000, 400), (2024, 9000, 450), (2025, 10000, 600)):
        annual(supplier, year, revenue=revenue, rd=rd)
    make_qualification(supplier, "innovative-sme", granted=dt.date(2024, 1, 1), expires=dt.date(2026, 8, 1))
    return supplier


def test_enterprises_outside_the_district_are_not_screened(district):
    supplier = _outside()
    s = screening.screening(actor=SYSTEM, as_of=AS_OF)
    assert supplier.pk not in s.names and supplier.pk not in set(s.facts["enterprise"].to_list())
    for summary in screening.policy_summaries(s):  # three district enterprises, each counted once
        assert summary["met"] + summary["near"] + summary["not_met"] + summary["needs_data"] == 3
    free = selectors.no_application_list(actor=SYSTEM, code="xq-rd-subsidy-2025", as_of=AS_OF)
    assert supplier.uscc not in {r["uscc"] for r in free}
    ladder = selectors.tier_ladder(actor=SYSTEM, as_of=AS_OF)
    assert ladder["holders"]["innovative-sme"] == 1
    assert supplier.uscc not in {q["uscc"] for q in ladder["expiring"]}
    assert s.outside == 1


def test_the_overview_says_whom_it_screens(district):
    supplier = _outside()
    client = Client()
    client.force_login(make_analyst())
    page = client.get("/policies/").content.decode()
    assert "本区注册的3家企业" in page and "区外1家" in page
    own = client.get(f"/policies/enterprises/{supplier.uscc}/").content.decode()
    assert "注册地不在本区" in own and "policy-card" not in own
