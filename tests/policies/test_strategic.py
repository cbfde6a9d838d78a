"""Review #13 item 5: "主导产品属于战略性新兴产业" is a declared fact (自报), never inferred from a key
chain (the auto chain's 车身/内外饰/轮胎 are no strategic emerging industry): unknown until the
enterprise declares it on the 自报信息 page, and a 免申即享 payment never rests on it."""

from __future__ import annotations

from django.test import Client

from liandong.accounts.scoping import SYSTEM
from liandong.engines.eligibility import DECLARED, FIELDS
from liandong.policies import screening, selectors, services
from tests.factories import make_chain_officer, make_enterprise_user

from .conftest import AS_OF
from .test_declared import declare


def test_being_on_a_key_chain_says_nothing_about_strategic_emerging_industries(district):
    assert FIELDS["strategic_emerging"].source == "declared" and "strategic_emerging" in DECLARED
    s = screening.screening(actor=SYSTEM, as_of=AS_OF)
    leader = s.facts_of(district.leader.pk)
    assert leader["on_chain"] is True and leader["strategic_emerging"] is None
    short = next(p for p in selectors.enterprise_policies(actor=SYSTEM, enterprise=district.short, as_of=AS_OF)
                 if p["code"] == "innovative-sme-2022")
    if short["status"] != "met":
        assert "strategic_emerging" in short["undeclared"]


def test_declared_it_counts_for_the_status_but_never_for_no_application(district):
    services.custom_policy_create(
        actor=make_chain_officer(), code="xq-sei", name="战略性新兴产业链企业奖励（示例）", issuer="区工信局",
        document="示例", effective="2026-01-01", mode="all",
        conditions=[{"field": "strategic_emerging", "op": "is", "value": "是"},
                    {"field": "on_chain", "op": "is", "value": "是"}],
        benefit_field="rd_expense", benefit_rate="0.05", benefit_cap="20")
    declare(make_enterprise_user(district.leader), district.leader, strategic_emerging="是")
    s = screening.screening(actor=SYSTEM, as_of=AS_OF, codes=["xq-sei"])
    statuses = dict(s.packs["xq-sei"].results.select("enterprise", "status").iter_rows())
    assert statuses[district.leader.pk] == "met" and statuses[district.short.pk] == "needs_data"
    assert selectors.no_application_list(actor=SYSTEM, code="xq-sei", as_of=AS_OF) == []


def test_the_declaration_page_asks_for_it(district):
    client = Client()
    client.force_login(make_enterprise_user(district.short))
    page = client.get(f"/policies/enterprises/{district.short.uscc}/declare/").content.decode()
    assert 'name="strategic_emerging"' in page and "战略性新兴产业" in page
