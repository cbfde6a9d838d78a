"""The appeals API: scoped reads, actions with the version seen (409 when stale), attachments,
deadlines as in docs/cli.md#appeals-deadlines, notifications and metrics."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.factories import make_analyst

from .conftest import at


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_submit_read_and_act_over_the_api(desk, clock, api_client_for, django_capture_on_commit_callbacks):
    clock("2026-03-02 09:00")
    ent = api_client_for(desk.ent_user)
    with django_capture_on_commit_callbacks(execute=True):
        created = post(ent, "/api/v1/appeals", {"category": "finance", "title": "贷款贴息", "body": "需要贴息支持"})
    assert created.status_code == 201
    appeal = created.json()
    assert appeal["respond_by"].startswith("2026-03-02T10:00") and appeal["actions"] == ["reply"]
    number = appeal["number"]
    assert api_client_for(desk.stranger).get(f"/api/v1/appeals/{number}").status_code == 404
    assert api_client_for(desk.stranger).get("/api/v1/appeals").json()["count"] == 0

    office = api_client_for(desk.office)
    inbox = office.get("/api/v1/appeals", {"open": "true"}).json()
    assert [a["number"] for a in inbox["items"]] == [number]
    assert inbox["items"][0]["next_due"].startswith("2026-03-02T10:00")
    responded = post(office, f"/api/v1/appeals/{number}/actions/respond", {"version": appeal["version"]})
    assert responded.status_code == 200 and responded.json()["status"] == "responded"
    stale = post(office, f"/api/v1/appeals/{number}/actions/dispatch",
                 {"version": appeal["version"], "department": desk.dept.pk})
    assert stale.status_code == 409
    assert stale.json()["extra"] == {"status": "responded", "version": appeal["version"] + 1}
    assert post(ent, f"/api/v1/appeals/{number}/actions/dispatch", {"department": desk.dept.pk}).status_code == 403
    assert post(office, f"/api/v1/appeals/{number}/actions/fly", {}).status_code == 400
    dispatched = post(office, f"/api/v1/appeals/{number}/actions/dispatch",
                      {"version": responded.json()["version"], "department": desk.dept.pk}).json()
    assert dispatched["lead_department"] == desk.dept.name
    staff = api_client_for(desk.staff)
    assert staff.get(f"/api/v1/appeals/{number}").json()["actions"] == ["accept", "return", "reply"]

    with django_capture_on_commit_callbacks(execute=True):
        post(staff, f"/api/v1/appeals/{number}/actions/reply", {"message": "请提供近三个月财务报表"})
    bell = ent.get("/api/v1/notifications").json()
    assert bell["unread"] == 1 and any("新回复" in n["title"] for n in bell["items"])
    assert post(ent, "/api/v1/notifications/read", {}).json() == {"unread": 0}


def test_attachments_upload_and_download_within_scope(desk, clock, api_client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clock("2026-03-02 09:00")
    ent = api_client_for(desk.ent_user)
    number = post(ent, "/api/v1/appeals", {"category": "land", "title": "厂房扩租", "body": "需要两千平米厂房"}).json()[
        "number"]
    upload = ent.post(f"/api/v1/appeals/{number}/attachments",
                      {"files": [SimpleUploadedFile("平面图.png", b"\x89PNG\r\n\x1a\n...")]})
    assert upload.status_code == 201
    attachment = upload.json()["attachments"][0]
    assert attachment["name"] == "平面图.png"
    download = ent.get(f"/api/v1/appeals/{number}/attachments/{attachment['id']}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    stranger = api_client_for(desk.stranger)
    assert stranger.get(f"/api/v1/appeals/{number}/attachments/{attachment['id']}").status_code == 404
    bad = ent.post(f"/api/v1/appeals/{number}/attachments", {"files": [SimpleUploadedFile("a.bat", b"echo")]})
    assert bad.status_code == 400 and bad.json()["extra"]["file"] == "a.bat"


def test_deadlines_endpoint_and_cli_agree(db, api_client_for, capsys):
    api = api_client_for(make_analyst()).get("/api/v1/appeals/deadlines", {"at": "2026-02-13T16:00:00+08:00"}).json()
    call_command("appeals", "deadlines", "--at", "2026-02-13T16:00:00+08:00", "--json")
    cli = json.loads(capsys.readouterr().out)
    assert api == cli
    assert cli["dock_by"] == "2026-02-14T16:00:00+08:00" and cli["calendar"] == "official"
    assert cli["resolve_by"] == at("2026-02-27 16:00").isoformat()


def test_metrics_for_staff_only(desk, api_client_for):
    assert api_client_for(make_analyst()).get("/api/v1/appeals/metrics").status_code == 200
    assert api_client_for(desk.ent_user).get("/api/v1/appeals/metrics").status_code == 403
