"""The alliance's import kinds and its summary on a real database (issue #17): one unit however its
name is written, never two units merged, a unit on two chains counted once, pairings unordered,
activities' participants, the chain officer's scope, and the summary's as-of edges."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from liandong.alliance import selectors
from liandong.alliance.models import Activity, Member, MemberType, Pairing
from tests.enterprises.imports_helpers import errors_by_row, run_import, write_kind
from tests.factories import make_admin, make_chain_officer, make_department, make_enterprise, make_uscc

pytestmark = pytest.mark.django_db
D = dt.date

FIVE_WAYS = ["天津（西青）甲科技有限公司", "天津(西青)甲科技有限公司", "天津 (西青) 甲科技有限公司",
             "天津（西青）甲科技有限公司 ", "天津【西青】甲科技有限公司"]


def members(tmp_path, rows, actor=None, name="m.xlsx"):
    return run_import(actor or make_admin(), "alliance-members", write_kind(tmp_path / name, "alliance-members", rows))


def test_the_same_unit_written_five_ways_is_one_member_on_every_chain_named(tmp_path):
    chains = ["集成电路", "车联网", "ic", "高端装备", "生物医药"]
    rows = [{"name": n, "type": "企业", "chains": c, "joined": "2025-03-01"} for n, c in zip(FIVE_WAYS, chains, strict=True)]
    result = members(tmp_path, rows)
    assert result.ok and result.created == 1, result.errors
    member = Member.objects.get()
    assert member.name == FIVE_WAYS[0]
    assert sorted(member.chains.values_list("code", flat=True)) == ["bio", "equip", "ic", "iov"]
    again = members(tmp_path, [{"name": "天津(西青)甲科技有限公司", "chains": "汽车及新能源汽车"}], name="b.xlsx")
    assert again.ok and again.created == 0 and Member.objects.count() == 1
    assert member.chains.count() == 5  # a re-import adds a chain, never removes one


@pytest.mark.parametrize("other", ["天津（西青）乙科技有限公司", "天津（西青）甲科技股份有限公司", "天津甲科技有限公司",
                                   "天津（西青）甲科技有限公司分公司"])
def test_two_different_units_are_never_merged(tmp_path, other):
    result = members(tmp_path, [{"name": FIVE_WAYS[0], "chains": "ic"}, {"name": other, "chains": "ic"}])
    assert result.ok and result.created == 2, result.errors


def test_a_uscc_finds_the_member_under_a_new_name_and_links_the_registry(tmp_path):
    enterprise = make_enterprise(name="天津市西青区丙电子有限公司")
    first = members(tmp_path, [{"name": "丙电子", "uscc": enterprise.uscc, "chains": "ic"}])
    assert first.ok, first.errors
    member = Member.objects.get()
    assert member.enterprise_id == enterprise.pk and member.type == MemberType.ENTERPRISE
    renamed = members(tmp_path, [{"name": "天津市西青区丙电子有限公司", "uscc": enterprise.uscc, "chains": "iov"}],
                      name="b.xlsx")
    assert renamed.ok and renamed.created == 0, renamed.errors
    member.refresh_from_db()
    assert member.name == "天津市西青区丙电子有限公司" and member.chains.count() == 2
    by_name = members(tmp_path, [{"name": "天津市西青区（丙）电子有限公司", "chains": "bio"}], name="c.xlsx")
    assert by_name.ok and by_name.created == 0 and Member.objects.count() == 1


def test_a_name_without_uscc_links_the_registered_enterprise_and_a_department_its_organisation(tmp_path):
    enterprise = make_enterprise(name="天津（西青）丁精密机械有限公司")
    department = make_department("区工业和信息化局")
    result = members(tmp_path, [{"name": "天津(西青)丁精密机械有限公司", "chains": "equip"},
                                {"name": "区工业和信息化局", "type": "职能部门", "chains": "equip", "role": "牵头部门"}])
    assert result.ok, result.errors
    assert Member.objects.get(type=MemberType.ENTERPRISE).enterprise_id == enterprise.pk
    lead = Member.objects.get(type=MemberType.DEPARTMENT)
    assert lead.organization_id == department.pk and lead.role == "lead"


@pytest.mark.parametrize(("row", "column"), [
    ({"name": "甲", "type": "公司"}, "type"),
    ({"name": "甲", "chains": "不存在的链"}, "chains"),
    ({"name": "甲", "role": "主任"}, "role"),
    ({"name": "甲", "joined": "2025-13-01"}, "joined"),
])
def test_a_bad_member_row_refuses_the_file_whole_and_names_the_field(tmp_path, row, column):
    result = members(tmp_path, [{"name": "乙", "chains": "ic"}, row])
    assert not result.ok and Member.objects.count() == 0
    assert [e["column"] for e in errors_by_row(result)[3]] == [column]


def test_a_chain_officer_imports_members_of_their_chains_only(tmp_path):
    officer = make_chain_officer(("ic",))
    refused = members(tmp_path, [{"name": "甲", "chains": "ic"}, {"name": "乙", "chains": "bio"}, {"name": "丙"}],
                      actor=officer)
    assert not refused.ok and sorted(errors_by_row(refused)) == [3, 4] and Member.objects.count() == 0
    assert members(tmp_path, [{"name": "甲", "chains": "ic"}], actor=officer, name="b.xlsx").ok


def seed_members(tmp_path):
    enterprise_rows = [{"name": n, "uscc": make_uscc(), "type": "企业", "chains": "ic", "joined": "2025-01-10"}
                       for n in ("天津（西青）甲科技有限公司", "天津（西青）乙科技有限公司", "天津（西青）丙科技有限公司")]
    result = members(tmp_path, [*enterprise_rows,
                                {"name": "天津理工大学", "type": "高校院所", "chains": "ic、iov", "joined": "2025-06-30"},
                                {"name": "区工业和信息化局", "type": "职能部门", "chains": "ic", "joined": "2025-07-01"}],
                     name="seed.xlsx")
    assert result.ok, result.errors


def test_pairings_are_unordered_and_refuse_unknown_units(tmp_path):
    seed_members(tmp_path)
    rows = [{"a": "天津(西青)甲科技有限公司", "b": "天津理工大学", "kind": "校企", "since": "2025-08-01"},
            {"a": "天津理工大学", "b": "天津（西青）甲科技有限公司", "kind": "校企", "since": "2025-08-01"}]
    twice = run_import(make_admin(), "pairings", write_kind(tmp_path / "p.xlsx", "pairings", rows))
    assert not twice.ok and 3 in errors_by_row(twice)  # the same pair the other way round
    ok = run_import(make_admin(), "pairings", write_kind(tmp_path / "q.xlsx", "pairings", rows[:1] + [
        {"a": "区工业和信息化局", "b": "天津（西青）乙科技有限公司", "since": "2025-09-01"}]))
    assert ok.ok and ok.created == 2, ok.errors
    assert sorted(Pairing.objects.values_list("kind", flat=True)) == ["de", "ue"]  # the type from the units' types
    unknown = run_import(make_admin(), "pairings", write_kind(tmp_path / "r.xlsx", "pairings", [
        {"a": "天津（西青）甲科技有限公司", "b": "不存在的单位"}]))
    assert not unknown.ok and [e["column"] for e in errors_by_row(unknown)[2]] == ["b"]


def test_activities_resolve_host_and_participants_by_any_writing(tmp_path):
    seed_members(tmp_path)
    row = {"code": "LJ1", "title": "集成电路产业链书记轮值活动", "chain": "集成电路", "date": "2026-03-18",
           "host": "天津(西青)甲科技有限公司", "participants": "天津（西青）乙科技有限公司，天津理工大学;区工业和信息化局",
           "rota": "是"}
    result = run_import(make_admin(), "alliance-activities", write_kind(tmp_path / "a.xlsx", "alliance-activities", [row]))
    assert result.ok, result.errors
    activity = Activity.objects.get()
    assert activity.host.name == "天津（西青）甲科技有限公司" and activity.rota
    assert activity.participants.count() == 3
    bad = run_import(make_admin(), "alliance-activities", write_kind(tmp_path / "b.xlsx", "alliance-activities", [
        {**row, "code": "LJ2", "participants": "天津理工大学、某某研究院"}]))
    assert not bad.ok and "某某研究院" in bad.errors[0]["message"]


def summary_json(capsys, *args):
    call_command("alliance", "summary", *args, "--json")
    return json.loads(capsys.readouterr().out)


def test_the_summary_counts_on_its_as_of_edges_and_a_unit_on_two_chains_once(tmp_path, capsys):
    seed_members(tmp_path)
    run_import(make_admin(), "pairings", write_kind(tmp_path / "p.xlsx", "pairings", [
        {"a": "天津（西青）甲科技有限公司", "b": "天津理工大学", "since": "2025-08-01"}]))
    run_import(make_admin(), "alliance-activities", write_kind(tmp_path / "a.xlsx", "alliance-activities", [
        {"code": "LJ1", "title": "联建活动", "chain": "ic", "date": "2025-08-01"}]))
    before = summary_json(capsys, "--as-of", "2025-06-29")
    assert (before["members"], before["pairings"], before["activities"]) == (3, 0, 0)
    on = summary_json(capsys, "--as-of", "2025-06-30")  # joined that day: counted
    assert on["members"] == 4 and on["by_type"]["高校院所"] == 1
    day = summary_json(capsys, "--as-of", "2025-08-01")
    assert (day["members"], day["pairings"], day["activities"]) == (5, 1, 1)
    assert day["by_type"] == {"企业": 3, "高校院所": 1, "行业组织": 0, "职能部门": 1, "属地街镇": 0, "金融机构": 0, "其他": 0}
    chains = {c["code"]: c["members"] for c in day["by_chain"]}
    assert chains["ic"] == 5 and chains["iov"] == 1  # the university on two chains: under both, once in total
    assert sum(day["by_type"].values()) == day["members"]


def test_the_rota_command_follows_the_contract(tmp_path, capsys):
    seed_members(tmp_path)
    call_command("alliance", "rota", "--chain", "集成电路", "--from", "2026-11", "--months", "7", "--json")
    rota = json.loads(capsys.readouterr().out)["rota"]
    hosts = [r["host"] for r in rota]
    assert [r["month"] for r in rota] == ["2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05"]
    assert all(a != b for a, b in zip(hosts, hosts[1:], strict=False)) and max(hosts.count(h) for h in hosts) <= 3
    assert set(hosts) == set(Member.objects.filter(type=MemberType.ENTERPRISE).values_list("name", flat=True))


def test_the_rota_puts_who_hosted_least_recently_first(tmp_path, capsys):
    seed_members(tmp_path)
    for code, host, day in (("A1", "天津（西青）甲科技有限公司", "2026-09-10"), ("A2", "天津（西青）乙科技有限公司", "2026-05-10")):
        assert run_import(make_admin(), "alliance-activities", write_kind(tmp_path / f"{code}.xlsx", "alliance-activities", [
            {"code": code, "title": "轮值", "chain": "ic", "date": day, "host": host}])).ok
    plan = selectors.rota(chain=selectors.chain_by_text("ic"), first_month="2026-11", months=3)["rota"]
    assert [r["host"] for r in plan] == ["天津（西青）丙科技有限公司", "天津（西青）乙科技有限公司", "天津（西青）甲科技有限公司"]
