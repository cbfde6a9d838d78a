"""The pairings' and activities' Excel ledgers (issue #17): Chinese headers, what each did, scoped to
what the reader may see, and each imports back unchanged (the import kinds' columns first)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from liandong.alliance.models import Activity, Pairing
from liandong.enterprises.imports.services import import_run
from tests.alliance.test_pages import World
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def sheet(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def reimport(ws, kind: str, keep: int, actor) -> dict:
    """The sheet's import columns (2..keep) as a file of ``kind``, imported as ``actor``."""
    wb = Workbook()
    out = wb.active
    for row in ws.iter_rows(min_row=2, values_only=True):
        out.append(row[1:keep])
    buffer = io.BytesIO()
    wb.save(buffer)
    return import_run(actor=actor, kind=kind, name="back.xlsx", content=buffer.getvalue())


def test_the_pairings_ledger_imports_back_unchanged():
    w = World()
    ws = sheet(client_for(w.admin), "/alliance/pairings/export.xlsx?chain=ic")
    assert [c.value for c in ws[2]] == ["序号", "结对单位A", "结对单位B", "结对类型", "结对日期", "结对目标", "开展记录（条）",
                                        "最近开展"]
    assert ws.max_row == 2 + Pairing.objects.count()
    result = reimport(ws, "pairings", 6, w.admin)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 2), result.errors


def test_the_activities_ledger_counts_intentions_and_imports_back_unchanged():
    w = World()
    ws = sheet(client_for(w.admin), "/alliance/activities/export.xlsx")
    assert [c.value for c in ws[2]][:9] == ["序号", "活动编号", "活动名称", "产业链", "日期", "承办单位", "参与单位", "书记轮值",
                                            "活动成效"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows[w.act.code][7] == "是" and rows[w.act.code][9] == 1 and rows[w.act.code][10] == 0
    result = reimport(ws, "alliance-activities", 9, w.admin)
    assert result.ok and result.unchanged == Activity.objects.count(), result.errors
    assert set(w.act.participants.all()) == {w.e[0], w.e[1], w.lead}


def test_an_enterprise_users_ledgers_hold_its_own_pairings_and_activities_only():
    w = World()
    client = client_for(w.ent_user)
    pairings = [r[1:3] for r in sheet(client, "/alliance/pairings/export.xlsx").iter_rows(min_row=3, values_only=True)]
    assert pairings == [(w.p1.a.name, w.p1.b.name)]
    codes = [r[1] for r in sheet(client, "/alliance/activities/export.xlsx").iter_rows(min_row=3, values_only=True)]
    assert codes == [w.act.code]  # the rota activity it attended, not the one it did not
    outsider = client_for(w.outsider)
    assert sheet(outsider, "/alliance/pairings/export.xlsx").max_row == 2
