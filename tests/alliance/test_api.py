"""/api/v1/alliance (docs/api.md#alliance): shapes, filters, writes by the office only, and scoping
by guessed ids for enterprise and department users."""

from __future__ import annotations

import datetime as dt

import pytest

from liandong.alliance.models import Member, Outcome, Pairing, PairingLog, RotaSlot
from tests.alliance.test_pages import World

pytestmark = pytest.mark.django_db
BASE = "/api/v1/alliance"


@pytest.fixture
def w() -> World:
    return World()


def test_summary_members_and_filters(w, api_client_for):
    admin = api_client_for(w.admin)
    body = admin.get(f"{BASE}/summary?as_of=2025-03-31").json()
    assert body["members"] == 3 and body["as_of"] == "2025-03-31"  # lead, master, the university (no date)
    assert body["by_type"]["企业"] == 1 and body["pairings"] == 0
    assert api_client_for(w.ent_user).get(f"{BASE}/summary").status_code == 403
    listed = admin.get(f"{BASE}/members?chain=ic&type=enterprise&page_size=2").json()
    assert listed["count"] == 4 and len(listed["items"]) == 2 and listed["page_size"] == 2
    item = admin.get(f"{BASE}/members?q=天津芯甲").json()["items"][0]
    assert set(item) >= {"id", "name", "uscc", "type", "role", "chains", "joined", "contact", "phone", "enterprise"}
    assert item["role"] == "master" and item["chains"] == ["ic"] and item["enterprise"] == w.ents[0].uscc
    assert admin.get(f"{BASE}/members?role=lead").json()["count"] == 1
    detail = admin.get(f"{BASE}/members/{w.master.pk}").json()
    assert [p["id"] for p in detail["pairings"]] == [w.p1.pk] and len(detail["activities"]) == 1


def test_member_create_patch_and_conflict(w, api_client_for):
    admin = api_client_for(w.admin)
    made = admin.post(f"{BASE}/members", {"name": "天津市集成电路行业协会", "type": "association", "role": "partner",
                                          "chains": ["ic"]}, content_type="application/json")
    assert made.status_code == 201 and made.json()["type"] == "association"
    again = admin.post(f"{BASE}/members", {"name": "天津市集成电路行业协会 ", "type": "association"},
                       content_type="application/json")
    assert again.status_code == 409 and again.json()["extra"]["field"] == "name"
    patched = admin.patch(f"{BASE}/members/{made.json()['id']}", {"contact": "李明"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["contact"] == "李明" and patched.json()["chains"] == ["ic"]
    refused = api_client_for(w.analyst).post(f"{BASE}/members", {"name": "某单位"}, content_type="application/json")
    assert refused.status_code == 403 and not Member.objects.filter(name="某单位").exists()
    officer = api_client_for(w.officer)
    other_chain = officer.post(f"{BASE}/members", {"name": "某车联网企业", "chains": ["iov"]},
                               content_type="application/json")
    assert other_chain.status_code == 403


def test_pairings_logs_and_suggestions(w, api_client_for):
    admin = api_client_for(w.admin)
    listed = admin.get(f"{BASE}/pairings?chain=ic").json()
    assert listed["count"] == 2 and set(listed["items"][0]) >= {"id", "a", "b", "kind", "since", "goals"}
    made = admin.post(f"{BASE}/pairings", {"a": w.lead.pk, "b": w.e[2].pk, "since": "2025-07-01"},
                      content_type="application/json")
    assert made.status_code == 201 and made.json()["kind"] == "de"
    assert admin.post(f"{BASE}/pairings", {"a": w.e[2].pk, "b": w.lead.pk}, content_type="application/json") \
        .status_code == 409
    ent = api_client_for(w.ent_user)  # staff of unit e[0], paired with the master (p1)
    log = ent.post(f"{BASE}/pairings/{w.p1.pk}/logs", {"on": "2025-08-01", "text": "双方互访"},
                   content_type="application/json")
    assert log.status_code == 201 and log.json()["text"] == "双方互访"
    assert ent.get(f"{BASE}/pairings/{w.p1.pk}").json()["logs"][0]["on"] == "2025-08-01"
    future = ent.post(f"{BASE}/pairings/{w.p1.pk}/logs", {"on": (dt.date.today() + dt.timedelta(days=3)).isoformat(),
                                                           "text": "计划"}, content_type="application/json")
    assert future.status_code == 400 and PairingLog.objects.count() == 1
    assert admin.get(f"{BASE}/pairings/suggestions?chain=ic").status_code == 200
    assert ent.get(f"{BASE}/pairings/suggestions?chain=ic").status_code == 404
    assert ent.post(f"{BASE}/pairings", {"a": w.e[0].pk, "b": w.e[1].pk}, content_type="application/json") \
        .status_code in {403, 400}
    assert Pairing.objects.count() == 3


def test_activities_outcomes_and_introduction(w, api_client_for):
    admin = api_client_for(w.admin)
    listed = admin.get(f"{BASE}/activities?chain=ic&year=2025").json()
    assert listed["count"] == 2 and {a["participants"] for a in listed["items"]} == {3, 1}
    made = admin.post(f"{BASE}/activities", {"title": "集成电路供需对接会", "date": "2025-11-05", "chain": "ic",
                                             "host": w.lead.pk, "participants": [w.e[1].pk, w.e[2].pk]},
                      content_type="application/json")
    assert made.status_code == 201 and made.json()["code"].startswith("LJ2025-")
    detail = admin.get(f"{BASE}/activities/{w.act.pk}").json()
    assert len(detail["participants"]) == 3 and detail["outcomes"][0]["description"] == "联合开发车规级芯片"
    outcome = admin.post(f"{BASE}/activities/{w.act.pk}/outcomes",
                         {"a": w.e[0].pk, "b": w.e[1].pk, "description": "共建测试平台"}, content_type="application/json")
    assert outcome.status_code == 201
    introduced = admin.post(f"{BASE}/outcomes/{w.outcome.pk}/introduce", {"buyer": w.e[0].pk},
                            content_type="application/json")
    assert introduced.status_code == 200 and introduced.json()["match"] and introduced.json()["need"]
    assert admin.post(f"{BASE}/outcomes/{w.outcome.pk}/introduce", {"buyer": w.e[0].pk},
                      content_type="application/json").status_code == 409
    ent = api_client_for(w.ent_user)
    assert ent.post(f"{BASE}/activities/{w.act.pk}/outcomes", {"a": w.e[0].pk, "b": w.e[1].pk, "description": "x"},
                    content_type="application/json").status_code == 403
    assert Outcome.objects.count() == 2


def test_rota_read_and_set(w, api_client_for):
    admin = api_client_for(w.admin)
    body = admin.get(f"{BASE}/rota?chain=ic&from=2026-01&months=3").json()
    assert [r["month"] for r in body["rota"]] == ["2026-01", "2026-02", "2026-03"]
    assert all(r["member_id"] for r in body["rota"]) and not any(r["set"] for r in body["rota"])
    put = admin.put(f"{BASE}/rota/ic/2026-02", {"host": w.e[2].pk}, content_type="application/json")
    assert put.status_code == 200 and put.json()["member_id"] == w.e[2].pk
    assert admin.get(f"{BASE}/rota?chain=ic&from=2026-01&months=3").json()["rota"][1]["set"] is True
    assert admin.put(f"{BASE}/rota/ic/2026-13", {"host": w.e[2].pk}, content_type="application/json").status_code == 400
    assert admin.put(f"{BASE}/rota/ic/2026-03", {"host": w.lead.pk}, content_type="application/json").status_code == 400
    assert admin.get(f"{BASE}/rota?chain=ic&from=bad").status_code == 400
    assert api_client_for(w.analyst).put(f"{BASE}/rota/ic/2026-04", {"host": w.e[2].pk},
                                         content_type="application/json").status_code == 403
    assert api_client_for(w.ent_user).get(f"{BASE}/rota?chain=ic").status_code == 404
    cleared = admin.put(f"{BASE}/rota/ic/2026-02", {"host": None}, content_type="application/json")
    assert cleared.json()["member_id"] is None and not RotaSlot.objects.exists()


@pytest.mark.parametrize("who", ["ent_user", "outsider", "dept"])
def test_guessed_ids_answer_404(w, api_client_for, who):
    client = api_client_for(getattr(w, who))
    hidden_pairing = w.p2.pk  # e[1]–e[2]: nobody's own here
    hidden_activity = w.other_act.pk  # hosted by e[2], e[1] took part
    assert client.get(f"{BASE}/pairings/{hidden_pairing}").status_code == 404
    assert client.post(f"{BASE}/pairings/{hidden_pairing}/logs", {"on": "2025-08-01", "text": "x"},
                       content_type="application/json").status_code == 404
    assert client.get(f"{BASE}/activities/{hidden_activity}").status_code == 404
    assert client.post(f"{BASE}/activities/{hidden_activity}/outcomes", {"a": w.e[1].pk, "b": w.e[2].pk,
                                                                         "description": "x"},
                       content_type="application/json").status_code == 404
    if who != "dept":
        assert client.get(f"{BASE}/members/{w.e[2].pk}").status_code == 404
        assert client.get(f"{BASE}/members/{w.uni.pk}").status_code == 404
        ids = {m["id"] for m in client.get(f"{BASE}/members").json()["items"]}
        assert w.e[2].pk not in ids
    assert w.p2.pk not in {p["id"] for p in client.get(f"{BASE}/pairings").json()["items"]}
    assert PairingLog.objects.count() == 0
    if who == "outsider":
        assert client.get(f"{BASE}/outcomes/{w.outcome.pk}/introduce").status_code in {404, 405}
        assert client.post(f"{BASE}/outcomes/{w.outcome.pk}/introduce", {"buyer": w.master.pk},
                           content_type="application/json").status_code == 404


def test_enterprise_user_reads_its_own(w, api_client_for):
    ent = api_client_for(w.ent_user)
    assert ent.get(f"{BASE}/pairings/{w.p1.pk}").status_code == 200
    assert ent.get(f"{BASE}/activities/{w.act.pk}").status_code == 200
    assert ent.get(f"{BASE}/members/{w.master.pk}").status_code == 200
    listed = ent.get(f"{BASE}/activities").json()
    assert [a["id"] for a in listed["items"]] == [w.act.pk]
