"""The appeal pages: submit with files, the inbox by urgency, actions with the version seen, the
metrics page and its export, the bell."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from liandong.appeals.models import Appeal
from liandong.appeals.services import appeal_act, appeal_submit
from tests.factories import make_analyst
from tests.pages import client_for


def new_appeal(desk, **kwargs):
    return desk.run(appeal_submit, actor=desk.ent_user, category=kwargs.get("category", "finance"),
                    title=kwargs.get("title", "贷款贴息"), body="需要贴息支持")


def test_an_enterprise_submits_with_a_file_and_follows_it(desk, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clock("2026-03-02 09:00")
    client = client_for(desk.ent_user)
    assert "我的诉求" in client.get("/appeals/").content.decode()
    form = client.get("/appeals/new/").content.decode()
    assert "融资需求" in form and 'name="enterprise"' not in form
    response = client.post("/appeals/new/", {"category": "land", "title": "扩产需要厂房", "body": "需要两千平米标准厂房",
                                             "attachments": SimpleUploadedFile("需求.pdf", b"%PDF-1.4")})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/appeals/{appeal.number}/"
    page = client.get(response["Location"]).content.decode()
    assert "需求.pdf" in page and 'data-clock="respond"' in page and "剩余 1小时" in page
    assert client.get(f"/appeals/{appeal.number}/attachments/{appeal.attachments.get().pk}/").status_code == 200


def test_a_rejected_file_shows_why_and_writes_nothing(desk, clock):
    clock("2026-03-02 09:00")
    response = client_for(desk.ent_user).post("/appeals/new/", {
        "category": "land", "title": "厂房", "body": "需要厂房", "attachments": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 400 and "x.exe" in response.content.decode()
    assert not Appeal.objects.exists()


def test_the_office_works_the_inbox_and_a_stale_form_is_refused(desk, clock):
    clock("2026-03-02 09:00")
    urgent = new_appeal(desk, title="紧急：贷款到期")
    clock("2026-03-02 09:20")
    later = new_appeal(desk, category="labour", title="招聘")
    office = client_for(desk.office)
    inbox = office.get("/appeals/").content.decode()
    assert inbox.index(urgent.number) < inbox.index(later.number)
    detail = office.get(f"/appeals/{urgent.number}/").content.decode()
    assert 'data-action="respond"' in detail and 'data-action="dispatch"' not in detail
    assert office.post(f"/appeals/{urgent.number}/act/respond/", {"version": urgent.version}).status_code == 302
    stale = office.post(f"/appeals/{urgent.number}/act/respond/", {"version": urgent.version}, follow=True)
    assert "当前状态" in stale.content.decode() or "已响应" in stale.content.decode()
    page = office.get(f"/appeals/{urgent.number}/").content.decode()
    assert 'data-action="dispatch"' in page and desk.dept.name in page
    urgent.refresh_from_db()
    office.post(f"/appeals/{urgent.number}/act/dispatch/", {"version": urgent.version, "department": desk.dept.pk})
    assert Appeal.objects.get(pk=urgent.pk).lead_department == desk.dept


def test_departments_see_only_what_was_dispatched_to_them(desk, clock):
    clock("2026-03-02 09:00")
    appeal = new_appeal(desk)
    assert client_for(desk.staff).get(f"/appeals/{appeal.number}/").status_code == 404
    desk.run(appeal_act, actor=desk.office, number=appeal.number, action="respond", version=None)
    desk.run(appeal_act, actor=desk.office, number=appeal.number, action="dispatch", version=None,
             department=desk.dept.pk)
    page = client_for(desk.staff).get(f"/appeals/{appeal.number}/").content.decode()
    assert 'data-action="accept"' in page and 'data-action="return"' in page
    assert client_for(desk.stranger).get(f"/appeals/{appeal.number}/").status_code == 404


def test_metrics_page_and_export(desk, clock):
    clock("2026-03-02 09:00")
    appeal = new_appeal(desk)
    clock("2026-03-02 09:30")
    desk.run(appeal_act, actor=desk.office, number=appeal.number, action="respond", version=None)
    analyst = client_for(make_analyst())
    assert analyst.get("/appeals/")["Location"] == "/appeals/metrics/"
    page = analyst.get("/appeals/metrics/").content.decode()
    assert 'id="month-chart"' in page and "100.0%" in page
    export = analyst.get("/appeals/metrics/export.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["按部门", "按类别", "按月份", "堵点", "占用工时"]
    assert book["按类别"]["B2"].value == "诉求数（件）"
    assert client_for(desk.ent_user).get("/appeals/metrics/").status_code == 403


def test_the_bell_counts_unread_notifications(desk, clock):
    clock("2026-03-02 09:00")
    new_appeal(desk)
    office = client_for(desk.office)
    assert 'id="unread">1<' in office.get("/").content.decode()
    assert "新诉求" in office.get("/notifications/").content.decode()
    office.post("/notifications/")
    assert 'id="unread"' not in office.get("/").content.decode()


def test_metrics_months_out_of_range_or_not_a_number_is_explained_not_a_500(desk, clock):
    clock("2026-03-02 09:00")
    new_appeal(desk)
    analyst = client_for(make_analyst())
    for value, shown in (("999999999999", 60), ("100", 60), ("0", 1), ("-5", 1), ("abc", 12), ("3.5", 12)):
        response = analyst.get("/appeals/metrics/", {"months": value})
        assert response.status_code == 200, value
        assert response.context["m"]["since_months"] == shown
        assert "统计月数应为1至60之间的整数" in response.content.decode()
        export = analyst.get("/appeals/metrics/export.xlsx", {"months": value})
        assert export.status_code == 200, value
    page = analyst.get("/appeals/metrics/", {"months": "6"})
    assert page.context["m"]["since_months"] == 6 and "统计月数应为" not in page.content.decode()
