"""Facts an enterprise declares (自报信息): they change its statuses at once, are read as of their date,
never make a 免申即享 payment, are written all or nothing with an audit row, and only by the
enterprise itself or the chain office — expert judgements by the office alone."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from liandong.accounts.scoping import SYSTEM
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.policies import screening, selectors, services
from liandong.policies.models import DeclaredFact
from tests.factories import make_admin, make_analyst, make_chain_officer, make_enterprise_user

from .conftest import AS_OF

REVENUE_SHARE = "近一年高新技术产品（服务）收入占企业同期总收入的比例不低于60%"


def high_tech(actor, enterprise, as_of=AS_OF):
    policy = next(p for p in selectors.enterprise_policies(actor=actor, enterprise=enterprise, as_of=as_of)
                  if p["code"] == "high-tech-2016")
    return policy, {c["label"]: c["outcome"] for c in policy["conditions"]}


def declare(actor, enterprise, on=AS_OF, **values):
    facts = services.facts_declare(actor=actor, enterprise=enterprise, values=values)
    DeclaredFact.objects.filter(pk__in=[f.pk for f in facts]).update(declared_on=on)
    return facts


def test_a_declaration_changes_the_enterprises_statuses_at_once(district):
    user = make_enterprise_user(district.leader)
    before, outcomes = high_tech(user, district.leader)
    assert outcomes[REVENUE_SHARE] is None and "high_tech_revenue_share" in before["undeclared"]

    declare(user, district.leader, high_tech_revenue_share="50", key_tech_field="是")
    after, outcomes = high_tech(user, district.leader)
    assert outcomes[REVENUE_SHARE] is False and outcomes["主要产品（服务）技术属于《国家重点支持的高新技术领域》规定的范围"] is True
    assert any("高新技术产品（服务）收入占比" in g for g in after["gaps"])
    assert after["undeclared"] == ["expert_judged"]

    declare(user, district.leader, high_tech_revenue_share="72.5")
    assert high_tech(user, district.leader)[1][REVENUE_SHARE] is True
    assert screening.screening(actor=user, as_of=AS_OF).facts_of(district.leader.pk)["high_tech_revenue_share"] == 0.725


def test_declarations_are_read_as_of_the_day_they_were_made_and_can_be_withdrawn(district):
    user = make_enterprise_user(district.leader)
    declare(user, district.leader, on=AS_OF - dt.timedelta(days=30), high_tech_revenue_share="70")
    declare(user, district.leader, on=AS_OF + dt.timedelta(days=1), high_tech_revenue_share="40")
    assert high_tech(user, district.leader)[1][REVENUE_SHARE] is True  # the later one is after the date
    assert high_tech(user, district.leader, AS_OF + dt.timedelta(days=1))[1][REVENUE_SHARE] is False

    declare(user, district.leader, on=AS_OF + dt.timedelta(days=2), high_tech_revenue_share="")
    assert high_tech(user, district.leader, AS_OF + dt.timedelta(days=2))[1][REVENUE_SHARE] is None
    assert services.facts_declare(actor=user, enterprise=district.leader, values={"high_tech_revenue_share": ""}) == []


def test_one_bad_entry_writes_nothing(district):
    user = make_enterprise_user(district.leader)
    for values in ({"high_tech_revenue_share": "55", "digital_level": "5"},  # four levels
                   {"market_share": "12", "rd_institution_level": "2.5"},
                   {"high_tech_revenue_share": "120"},
                   {"quality_certified": "也许"},
                   {"ip_high_value": "三项"}):
        with pytest.raises(ApplicationError):
            services.facts_declare(actor=user, enterprise=district.leader, values=values)
    assert not DeclaredFact.objects.exists()


def test_only_the_enterprise_itself_or_the_chain_office_declares_and_experts_judgements_are_the_offices(district):
    own = make_enterprise_user(district.leader)
    other = make_enterprise_user(district.short)
    with pytest.raises(NotFoundError):
        services.facts_declare(actor=other, enterprise=district.leader, values={"high_tech_revenue_share": "70"})
    with pytest.raises(PermissionDeniedError):
        services.facts_declare(actor=make_analyst(), enterprise=district.leader, values={"market_share": "20"})
    with pytest.raises(PermissionDeniedError):
        services.facts_declare(actor=own, enterprise=district.leader, values={"expert_judged": "是"})
    assert "expert_judged" not in {f.name for f in services.declarable_fields(own, district.leader)}
    assert not DeclaredFact.objects.exists()

    officer = make_chain_officer(chains=("ic",))
    [fact] = services.facts_declare(actor=officer, enterprise=district.leader, values={"expert_judged": "是"})
    entry = LogEntry.objects.get_for_object(fact).get()
    assert entry.actor == officer and entry.action == LogEntry.Action.CREATE


def test_a_declared_fact_counts_for_the_status_but_never_for_no_application(district):
    admin = make_admin()
    services.custom_policy_create(actor=admin, code="xq-high-tech-sales", name="高新技术产品销售奖励", issuer="西青区科技局",
                                  document="西青科〔2026〕1号", effective="2026-01-01",
                                  conditions=[{"field": "high_tech_revenue_share", "op": ">=", "value": "60"}])
    assert screening.policy_summaries(screening.screening(actor=SYSTEM, as_of=AS_OF, codes=["xq-high-tech-sales"]))[0]["met"] == 0

    declare(make_enterprise_user(district.leader), district.leader, high_tech_revenue_share="80")
    s = screening.screening(actor=SYSTEM, as_of=AS_OF, codes=["xq-high-tech-sales"])  # the district's, cached: a new key
    met = s.packs["xq-high-tech-sales"].results.filter(status="met")["enterprise"].to_list()
    assert met == [district.leader.pk]
    assert screening.no_application_frame(s, "xq-high-tech-sales").height == 0


def test_the_declaration_page_for_an_enterprise_user(client, district):
    user = make_enterprise_user(district.leader)
    client.force_login(user)
    url = reverse("policies:declare", kwargs={"uscc": district.leader.uscc})
    page = client.get(url).content.decode()
    assert "企业自报信息" in page and "高新技术产品（服务）收入占比" in page and "国家高新技术企业" in page
    assert 'name="expert_judged"' not in page
    own = client.get(reverse("policies:enterprise", kwargs={"uscc": district.leader.uscc})).content.decode()
    assert url in own

    bad = client.post(url, {"high_tech_revenue_share": "70", "digital_level": "9"})
    assert bad.status_code == 400 and "允许范围" in bad.content.decode() and 'value="70"' in bad.content.decode()
    done = client.post(url, {"high_tech_revenue_share": "70", "evidence-high_tech_revenue_share": "审计报告 津审字2026-18"},
                       follow=True)
    assert "已保存 1 项" in done.content.decode()
    assert DeclaredFact.objects.get().evidence == "审计报告 津审字2026-18"
    assert 'value="70"' in client.get(url).content.decode()

    for guessed in (district.short.uscc, district.blank.uscc):
        assert client.get(reverse("policies:declare", kwargs={"uscc": guessed})).status_code == 404
        assert client.post(reverse("policies:declare", kwargs={"uscc": guessed}),
                           {"high_tech_revenue_share": "70"}).status_code == 404
    assert DeclaredFact.objects.count() == 1


def test_district_staff_who_only_read_get_no_form(client, district):
    analyst = make_analyst()
    client.force_login(analyst)
    assert client.get(reverse("policies:declare", kwargs={"uscc": district.leader.uscc})).status_code == 403
    page = client.get(reverse("policies:enterprise", kwargs={"uscc": district.leader.uscc})).content.decode()
    assert "declare-link" not in page


def test_the_api_declares_all_or_nothing_within_the_users_scope(district, api_client_for):
    client = api_client_for(make_enterprise_user(district.leader))
    url = f"/api/v1/policies/enterprises/{district.leader.uscc}/declared"
    listed = client.get(url).json()
    assert {f["field"] for f in listed} >= {"high_tech_revenue_share", "key_tech_field"}
    assert "expert_judged" not in {f["field"] for f in listed} and all(f["entered"] == "" for f in listed)

    bad = client.post(url, {"values": {"high_tech_revenue_share": 70, "digital_level": 6}}, content_type="application/json")
    assert bad.status_code == 400 and not DeclaredFact.objects.exists()
    done = client.post(url, {"values": {"high_tech_revenue_share": 70, "key_tech_field": True},
                             "evidence": {"high_tech_revenue_share": "审计报告"}}, content_type="application/json")
    assert done.status_code == 200 and sorted(done.json()["changed"]) == ["high_tech_revenue_share", "key_tech_field"]
    facts = {f["field"]: f for f in done.json()["facts"]}
    assert facts["high_tech_revenue_share"]["entered"] == "70" and facts["high_tech_revenue_share"]["value"] == 0.7
    assert facts["key_tech_field"]["entered"] == "是"

    other = f"/api/v1/policies/enterprises/{district.short.uscc}/declared"
    assert client.get(other).status_code == 404
    assert client.post(other, {"values": {"market_share": 10}}, content_type="application/json").status_code == 404
    assert client.post(url, {"values": {"expert_judged": True}}, content_type="application/json").status_code == 403
    assert DeclaredFact.objects.count() == 2
