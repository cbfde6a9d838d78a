"""Who may import what (accounts.scoping): admins everything; chain officers new enterprises and
those on their chains, positions on their chains, no official totals; everyone else nothing.
Every created or changed row leaves an audit entry naming the acting user."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liandong.chains.models import EnterprisePosition
from liandong.core.errors import PermissionDeniedError
from liandong.enterprises.imports.columns import KINDS
from liandong.enterprises.models import Enterprise, MonthlyIndicator
from liandong.stats.models import OfficialTotal
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_department_user,
    make_enterprise,
    make_enterprise_user,
    make_position,
    make_uscc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return make_chain_officer(chains=("ic",))


@pytest.fixture
def on_ic():
    e = make_enterprise(name="集成电路上的企业")
    make_position(e, "ic.mid.design")
    return e


@pytest.fixture
def on_auto():
    e = make_enterprise(name="汽车链上的企业")
    make_position(e, "auto.mid.mfg")
    return e


def test_officer_updates_enterprises_on_their_chain_and_creates_new_ones(tmp_path, officer, on_ic):
    new = make_uscc()
    rows = [{"uscc": on_ic.uscc, "name": "改名"}, {"uscc": new, "name": "新企业"}]
    result = run_import(officer, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    assert Enterprise.objects.get(pk=on_ic.pk).name == "改名"
    assert Enterprise.objects.filter(uscc=new).exists()


def test_officer_may_not_change_enterprises_on_other_chains(tmp_path, officer, on_ic, on_auto):
    rows = [{"uscc": on_ic.uscc, "name": "改名"}, {"uscc": on_auto.uscc, "name": "越权改名"},
            {"uscc": make_uscc(), "name": "新企业"}]
    result = run_import(officer, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows))
    assert not result.ok
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(3, "uscc", on_auto.uscc)]
    assert set(Enterprise.objects.values_list("name", flat=True)) == {"集成电路上的企业", "汽车链上的企业"}


def test_officer_may_place_an_unplaced_enterprise_on_their_chain_but_not_on_others(tmp_path, officer):
    unplaced = make_enterprise(name="未上链企业")
    wrong = [{"uscc": unplaced.uscc, "chain": "auto", "node": "auto.mid.mfg"}]
    refused = run_import(officer, "chain-links", write_kind(tmp_path / "c1.csv", "chain-links", wrong))
    assert [(e["row"], e["column"]) for e in refused.errors] == [(2, "chain")]
    right = [{"uscc": unplaced.uscc, "chain": "集成电路", "node": "ic.mid.fab"}]
    placed = run_import(officer, "chain-links", write_kind(tmp_path / "c2.csv", "chain-links", right))
    assert placed.ok and placed.created == 1
    renamed = run_import(officer, "enterprises", write_kind(tmp_path / "e.csv", "enterprises",
                                                            [{"uscc": unplaced.uscc, "name": "已上链企业"}]))
    assert renamed.ok and Enterprise.objects.get(pk=unplaced.pk).name == "已上链企业"


def test_officer_dependent_kinds_are_limited_to_their_enterprises(tmp_path, officer, on_ic, on_auto):
    rows = [{"uscc": on_ic.uscc, "period": "2024-01", "value_added": 1},
            {"uscc": on_auto.uscc, "period": "2024-01", "value_added": 1}]
    result = run_import(officer, "indicators", write_kind(tmp_path / "i.csv", "indicators", rows))
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "uscc")]
    assert MonthlyIndicator.objects.count() == 0


def test_officer_places_enterprises_only_on_their_chains(tmp_path, officer, on_ic):
    rows = [{"uscc": on_ic.uscc, "chain": "ic", "node": "ic.mid.fab"},
            {"uscc": on_ic.uscc, "chain": "auto", "node": "auto.mid.mfg"}]
    result = run_import(officer, "chain-links", write_kind(tmp_path / "c.csv", "chain-links", rows))
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(3, "chain", "auto")]
    assert EnterprisePosition.objects.count() == 1
    ok = run_import(officer, "chain-links", write_kind(tmp_path / "c2.csv", "chain-links", rows[:1]))
    assert ok.ok and ok.created == 1


def test_officer_may_not_import_official_totals(tmp_path, officer):
    rows = [{"period": "2024-06", "indicator": "value_added", "cumulative": "是", "value": 1},
            {"period": "2024-07", "indicator": "value_added", "cumulative": "是", "value": 2}]
    result = run_import(officer, "official-totals", write_kind(tmp_path / "o.csv", "official-totals", rows))
    assert not result.ok
    assert [e["row"] for e in result.errors] == [2, 3]
    assert OfficialTotal.objects.count() == 0


@pytest.mark.parametrize("make_user", [make_analyst, make_department_user, make_enterprise_user],
                         ids=["analyst", "department", "enterprise"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_other_roles_may_not_import(tmp_path, make_user, kind):
    user = make_user()
    path = write_kind(tmp_path / "x.csv", "enterprises", [{"uscc": make_uscc(), "name": "甲"}])
    before = Enterprise.objects.count()
    with pytest.raises(PermissionDeniedError):
        run_import(user, kind, path)
    assert Enterprise.objects.count() == before


def test_audit_entries_name_the_acting_user(tmp_path):
    admin = make_admin()
    existing = make_enterprise(name="旧名")
    new_code = make_uscc()
    rows = [{"uscc": existing.uscc, "name": "新名"}, {"uscc": new_code, "name": "新企业"}]
    ctype = ContentType.objects.get_for_model(Enterprise)
    assert run_import(admin, "enterprises", write_kind(tmp_path / "e.csv", "enterprises", rows)).ok
    created = Enterprise.objects.get(uscc=new_code)
    create_entry = LogEntry.objects.get(content_type=ctype, object_pk=str(created.pk), action=LogEntry.Action.CREATE)
    assert create_entry.actor_id == admin.pk
    update_entry = LogEntry.objects.get(content_type=ctype, object_pk=str(existing.pk), action=LogEntry.Action.UPDATE)
    assert update_entry.actor_id == admin.pk
    assert update_entry.changes["name"] == ["旧名", "新名"]
    # Unchanged rows leave no entry.
    assert run_import(admin, "enterprises", write_kind(tmp_path / "e2.csv", "enterprises", rows)).unchanged == 2
    assert LogEntry.objects.filter(content_type=ctype, action=LogEntry.Action.UPDATE).count() == 1


def test_audit_entries_for_dependent_kinds(tmp_path):
    officer = make_chain_officer(chains=("ic",))
    e = make_enterprise()
    make_position(e, "ic.mid.design")
    rows = [{"uscc": e.uscc, "period": "2024-01", "value_added": 1}]
    assert run_import(officer, "indicators", write_kind(tmp_path / "i.csv", "indicators", rows)).ok
    row = MonthlyIndicator.objects.get()
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(MonthlyIndicator),
                                 object_pk=str(row.pk))
    assert (entry.action, entry.actor_id) == (LogEntry.Action.CREATE, officer.pk)
