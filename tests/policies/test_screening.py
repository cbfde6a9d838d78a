"""Screening over the database: facts from the latest annual reports, the JSON of
docs/cli.md#policies-screen from the CLI and the API, scopes, gaps, 免申即享 with its audit bundle,
versions, confirmations, custom policies."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from liandong.accounts.scoping import SYSTEM
from liandong.engines.eligibility import derive
from liandong.policies import screening, selectors, services
from liandong.policies.frames import raw_frame
from tests.factories import make_admin, make_analyst, make_chain_officer, make_enterprise_user

from .conftest import AS_OF


def run_cli(capsys, *args):
    code = 0
    try:
        call_command("policies", *args, "--json")
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(capsys.readouterr().out)


def test_facts_come_from_the_latest_annual_year_before_the_date(district):
    facts = {r["enterprise"]: r for r in derive(raw_frame(AS_OF), AS_OF).iter_rows(named=True)}
    leader = facts[district.leader.pk]
    assert leader["revenue"] == 10000 and leader["rd_ratio"] == 0.06
    assert leader["revenue_growth"] == pytest.approx(10000 / 9000 - 1, abs=1e-9)
    assert leader["rd_expense_3y"] == 1450 and leader["on_chain"] is True
    assert leader["has_innovative-sme"] is True and leader["award_3y"] is True
    assert facts[district.short.pk]["award_3y"] is False            # awarded more than three years ago
    assert facts[district.short.pk]["rd_expense_3y"] is None          # no 2023 report: unknown, not zero
    assert facts[district.blank.pk]["revenue"] is None
    earlier = {r["enterprise"]: r for r in derive(raw_frame(dt.date(2025, 6, 30)), dt.date(2025, 6, 30))
               .iter_rows(named=True)}
    assert earlier[district.leader.pk]["revenue"] == 9000


def test_cli_and_api_give_the_contract(district, capsys, api_client_for):
    code, out = run_cli(capsys, "screen", "--as-of", AS_OF.isoformat())
    assert code == 0 and out["as_of"] == "2026-06-30"
    subsidy = next(p for p in out["policies"] if p["code"] == "xq-rd-subsidy-2025")
    assert {"code", "name", "version", "met", "near", "not_met", "needs_data"} <= set(subsidy)
    assert (subsidy["met"], subsidy["near"], subsidy["not_met"], subsidy["needs_data"]) == (1, 1, 1, 0)
    rows = {(r["uscc"], r["policy"]): r for r in out["results"]}
    assert rows[(district.leader.uscc, "xq-rd-subsidy-2025")]["benefit_wan"] == 50.0
    short = rows[(district.short.uscc, "xq-rd-subsidy-2025")]
    assert short["status"] == "near" and short["score"] is None
    assert short["gaps"] == ["上年研发费用再增加25.0万元即达到3.0%（现为2.5%）"]
    assert rows[(district.leader.uscc, "innovative-sme-2022")]["status"] == "met"   # direct: science award
    assert rows[(district.blank.uscc, "tj-eaglet-2021")]["status"] == "needs_data"
    api = api_client_for(make_analyst()).get("/api/v1/policies/screen", {"as_of": AS_OF.isoformat()}).json()
    assert api == out


def test_the_api_pages_the_results_with_gaps_for_the_page(district, api_client_for):
    client = api_client_for(make_analyst())
    everything = client.get("/api/v1/policies/screen", {"as_of": AS_OF.isoformat()}).json()
    first = client.get("/api/v1/policies/screen", {"as_of": AS_OF.isoformat(), "page": 1, "page_size": 2}).json()
    last = client.get("/api/v1/policies/screen", {"as_of": AS_OF.isoformat(), "page": 3, "page_size": 7}).json()
    assert first["count"] == len(everything["results"]) and first["results"] == everything["results"][:2]
    assert last["results"] == everything["results"][14:21] and last["policies"] == everything["policies"]
    assert client.get("/api/v1/policies/screen", {"page": 0}).status_code == 400


def test_an_enterprise_user_sees_only_its_own_results(district, api_client_for):
    mine = api_client_for(make_enterprise_user(district.short)).get(
        "/api/v1/policies/screen", {"as_of": AS_OF.isoformat()}).json()
    assert {r["uscc"] for r in mine["results"]} == {district.short.uscc}
    assert all(p["met"] + p["near"] + p["not_met"] + p["needs_data"] == 1 for p in mine["policies"])
    other = api_client_for(make_enterprise_user(district.short)).get(
        f"/api/v1/policies/enterprises/{district.leader.uscc}")
    assert other.status_code == 404


def test_no_application_list_carries_a_reproducible_audit_bundle(district):
    rows = selectors.no_application_list(actor=SYSTEM, code="xq-rd-subsidy-2025", as_of=AS_OF)
    assert [r["uscc"] for r in rows] == [district.leader.uscc]
    bundle = rows[0]["bundle"]
    assert bundle["version"] == "2025" and len(bundle["input_hash"]) == 64
    assert bundle["inputs"]["rd_ratio"] == 0.06 and all(t["outcome"] for t in bundle["trace"])
    again = selectors.no_application_list(actor=SYSTEM, code="xq-rd-subsidy-2025", as_of=AS_OF)
    assert again[0]["bundle"]["input_hash"] == bundle["input_hash"]


def test_a_draft_revision_waits_for_confirmation_and_versions_compare(district):
    before = screening.screening(actor=SYSTEM, as_of=AS_OF, codes=["specialized-sme-2022"])
    assert before.packs["specialized-sme-2022"].version.version == "2022"
    changes = selectors.version_diff(actor=SYSTEM, code="specialized-sme-2022", old="2022", new="2026", as_of=AS_OF)
    assert all(c["from"] != c["to"] for c in changes)
    with pytest.raises(Exception):  # noqa: B017 — only administrators confirm
        services.pack_confirm(actor=make_chain_officer(), code="specialized-sme-2022", version="2026")
    services.pack_confirm(actor=make_admin(), code="specialized-sme-2022", version="2026", note="已核对正式文件")
    after = screening.screening(actor=SYSTEM, as_of=AS_OF, codes=["specialized-sme-2022"])
    assert after.packs["specialized-sme-2022"].version.version == "2026"


def test_an_official_writes_a_simple_policy_that_screening_picks_up(district):
    services.custom_policy_create(
        actor=make_chain_officer(), code="xq-ic-rd", name="集成电路研发奖励（区级）", issuer="区工信局",
        document="西青工信〔2026〕1号", effective="2026-01-01", mode="all",
        conditions=[{"field": "on_chain", "op": "is", "value": "是"}, {"field": "rd_ratio", "op": ">=", "value": "5"}],
        benefit_field="rd_expense", benefit_rate="0.05", benefit_cap="20")
    s = screening.screening(actor=SYSTEM, as_of=AS_OF, codes=["xq-ic-rd"])
    statuses = dict(s.packs["xq-ic-rd"].results.select("enterprise", "status").iter_rows())
    assert statuses[district.leader.pk] == "met" and statuses[district.short.pk] == "not_met"
    rows = selectors.no_application_list(actor=SYSTEM, code="xq-ic-rd", as_of=AS_OF)
    assert rows[0]["benefit_wan"] == 20.0
    with pytest.raises(Exception):  # noqa: B017 — an analyst may not write policies
        services.custom_policy_create(actor=make_analyst(), code="x", name="x", issuer="x", document="x",
                                      effective="2026-01-01", conditions=[{"field": "rd_ratio", "value": "1"}])


def test_tier_ladder_lists_candidates_and_expiring_qualifications(district):
    ladder = selectors.tier_ladder(actor=SYSTEM, as_of=AS_OF)
    assert ladder["holders"]["innovative-sme"] == 1
    assert [q["uscc"] for q in ladder["expiring"]] == [district.leader.uscc]  # expires 2026-12-01
    specialised = next(c for c in ladder["candidates"] if c["tier"] == "specialized-sme")
    assert specialised["count"] == len(specialised["rows"]) == specialised["met"] + specialised["near"]
    below = {r["uscc"]: r["below"] for r in specialised["rows"]}  # holding 创新型, the tier below
    assert all(below[e.uscc] == (e == district.leader) for e in (district.leader, district.short) if e.uscc in below)


def test_yaml_cases_run_from_the_cli(capsys, db):
    code, out = run_cli(capsys, "test")
    assert code == 0 and out["failed"] == [] and out["passed"] >= 50


def test_pages(district, settings):
    officer = Client()
    officer.force_login(make_analyst())
    assert "xq-rd-subsidy-2025" in officer.get("/policies/").content.decode()
    page = officer.get("/policies/xq-rd-subsidy-2025/", {"status": "near"}).content.decode()
    assert "上年研发费用再增加" in page and district.short.name in page
    book = load_workbook(io.BytesIO(officer.get("/policies/xq-rd-subsidy-2025/no-application.xlsx").content))
    assert book["免申即享"]["A4"].value == district.leader.uscc
    assert len(book["免申即享"]["F4"].value) == 64
    ent = Client()
    ent.force_login(make_enterprise_user(district.short))
    assert ent.get("/policies/")["Location"] == f"/policies/enterprises/{district.short.uscc}/"
    mine = ent.get(f"/policies/enterprises/{district.short.uscc}/").content.decode()
    assert "上年研发费用再增加" in mine
    assert ent.get(f"/policies/enterprises/{district.leader.uscc}/").status_code == 404
    assert ent.get("/policies/xq-rd-subsidy-2025/").status_code == 403


def test_a_briefing_on_a_policy_invites_those_near_it(district):
    from django.utils import timezone

    from liandong.events.services import event_create, invitation_candidates

    start = timezone.make_aware(dt.datetime(2026, 7, 10, 9, 30))
    event = event_create(actor=make_admin(), title="研发投入后补助政策宣讲会", kind="briefing", starts_at=start,
                         ends_at=start + dt.timedelta(hours=2), venue="区政务服务中心", policy="xq-rd-subsidy-2025")
    candidates = invitation_candidates(event)
    assert [e.pk for e, _why in candidates] == [district.short.pk]
    assert "重点产业链企业研发投入后补助" in candidates[0][1]
