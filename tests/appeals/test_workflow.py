"""The appeal workflow through its services: deadlines stored at submission, every transition with
its permission, state and version checks, timeline events and audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from liandong.appeals.models import Appeal, AppealAttachment
from liandong.appeals.selectors import appeal_detail, merge_candidates
from liandong.appeals.services import appeal_act, appeal_submit
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.notifications.models import Notification

from .conftest import at


def submit(desk, **kwargs):
    kwargs.setdefault("category", "finance")
    kwargs.setdefault("title", "申请流动资金贷款贴息")
    kwargs.setdefault("body", "企业扩产需要流动资金五百万元，希望对接合作银行并了解贴息政策。")
    return desk.run(appeal_submit, actor=kwargs.pop("actor", desk.ent_user), **kwargs)


def act(desk, actor, appeal, action, **params):
    return desk.run(appeal_act, actor=actor, number=appeal.number, action=action, version=params.pop("version", None),
               **params)


def test_submission_stores_the_three_deadlines(desk, clock):
    clock("2026-11-27 16:50")  # a Friday
    appeal = submit(desk)
    assert appeal.number.startswith("SQ20261127")
    assert (appeal.respond_by, appeal.dock_by, appeal.resolve_by) == (
        at("2026-11-30 09:20"), at("2026-11-30 16:50"), at("2026-12-04 16:50"))
    assert appeal.next_alert_at == at("2026-11-27 17:20")  # half of the respond hour
    assert appeal.events.get().kind == "submit"
    assert Notification.objects.filter(recipient=desk.office, appeal=appeal).exists()


def test_the_whole_way_to_a_closed_appeal(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    clock("2026-03-02 09:30")
    act(desk, desk.office, appeal, "respond", note="已电话联系企业财务负责人")
    act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk, co_departments=[desk.other_dept.pk])
    clock("2026-03-02 14:00")
    act(desk, desk.staff, appeal, "accept", note="已与企业对接")
    clock("2026-03-05 10:00")
    act(desk, desk.staff, appeal, "report_solution", solution="已对接农商行，授信五百万元")
    act(desk, desk.office, appeal, "approve")
    appeal = act(desk, desk.ent_user, appeal, "rate", rating="satisfied", comment="很及时")
    assert appeal.status == Appeal.Status.CLOSED and appeal.closed_at == at("2026-03-05 10:00")
    assert appeal.responded_at <= appeal.respond_by and appeal.docked_at <= appeal.dock_by
    assert appeal.resolved_at <= appeal.resolve_by
    kinds = [e.kind for e in appeal.events.all()]
    assert kinds == ["submit", "respond", "dispatch", "accept", "report_solution", "approve", "rate"]
    assert LogEntry.objects.get_for_object(appeal).filter(actor=desk.staff).exists()
    assert appeal.next_alert_at is None


def test_return_is_redispatched_and_transfer_moves_the_appeal(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.other_dept.pk)
    with pytest.raises(ApplicationError):
        act(desk, desk.other_staff, appeal, "return")  # a reason is required
    appeal = act(desk, desk.other_staff, appeal, "return", reason="不属于本部门职责，应由金融局办理")
    assert appeal.status == Appeal.Status.RETURNED and appeal.lead_department is None
    appeal = act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)
    assert appeal.lead_department == desk.dept
    appeal = act(desk, desk.office, appeal, "transfer", department=desk.other_dept.pk)
    assert appeal.status == Appeal.Status.DISPATCHED and appeal.lead_department == desk.other_dept


def test_a_pause_moves_the_resolve_deadline_by_the_paused_working_time(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)
    act(desk, desk.staff, appeal, "accept")
    assert appeal.resolve_by == at("2026-03-06 17:30")
    clock("2026-03-03 09:00")
    act(desk, desk.staff, appeal, "pause", reason="等待企业补充财务报表")
    with pytest.raises(ConflictError):
        act(desk, desk.staff, appeal, "report_solution", solution="x")
    clock("2026-03-04 13:00")
    appeal = act(desk, desk.staff, appeal, "resume")
    assert appeal.paused_minutes == 750
    assert appeal.resolve_by == at("2026-03-10 13:00")


def test_an_approved_extension_moves_the_deadline_and_tells_the_enterprise(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk)
    act(desk, desk.staff, appeal, "accept")
    act(desk, desk.staff, appeal, "request_extension", days="2", reason="需银行完成授信审批")
    with pytest.raises(PermissionDeniedError):
        act(desk, desk.staff, appeal, "decide_extension", approve=True)
    appeal = act(desk, desk.office, appeal, "decide_extension", approve=True)
    assert appeal.resolve_by == at("2026-03-10 17:30")
    told = Notification.objects.filter(recipient=desk.ent_user, appeal=appeal, kind="decide_extension").get()
    assert "2026-03-10 17:30" in told.title


def test_not_satisfied_reopens_with_a_fresh_resolve_clock(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    for actor, action, params in ((desk.office, "respond", {}), (desk.office, "dispatch", {"department": desk.dept.pk}),
                                  (desk.staff, "accept", {}), (desk.staff, "report_solution", {"solution": "已办"}),
                                  (desk.office, "approve", {})):
        act(desk, actor, appeal, action, **params)
    clock("2026-03-09 10:00")
    appeal = act(desk, desk.ent_user, appeal, "rate", rating="unsatisfied", comment="问题没有解决")
    assert appeal.status == Appeal.Status.DOCKED and appeal.reopen_count == 1
    assert appeal.resolve_by == at("2026-03-16 10:00") and appeal.resolved_at is None


def test_who_may_do_what(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    with pytest.raises(PermissionDeniedError):
        act(desk, desk.ent_user, appeal, "respond")
    with pytest.raises(NotFoundError):  # another enterprise cannot even see it
        act(desk, desk.stranger, appeal, "reply", message="?")
    with pytest.raises(NotFoundError):  # nor a department it was not dispatched to
        appeal_detail(actor=desk.staff, number=appeal.number)
    act(desk, desk.office, appeal, "respond")
    act(desk, desk.office, appeal, "dispatch", department=desk.dept.pk, co_departments=[desk.other_dept.pk])
    with pytest.raises(PermissionDeniedError):  # a co-handling department replies but does not accept
        act(desk, desk.other_staff, appeal, "accept")
    act(desk, desk.other_staff, appeal, "reply", message="商务局可协助对接外贸订单融资")
    with pytest.raises(PermissionDeniedError):
        submit(desk, actor=desk.staff)


def test_a_stale_version_gets_409_with_the_current_state(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    second_official = type(desk.office).objects.create(username="office-2", role="admin")
    seen = appeal.version
    act(desk, desk.office, appeal, "respond", version=seen)
    with pytest.raises(ConflictError) as conflict:
        act(desk, second_official, appeal, "respond", version=seen)
    assert conflict.value.extra == {"status": "responded", "version": seen + 1}
    assert Appeal.objects.get(pk=appeal.pk).events.filter(kind="respond").count() == 1


def test_attachments_are_checked_and_a_bad_one_writes_nothing(desk, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clock("2026-03-02 09:00")
    pdf = SimpleUploadedFile("报表.pdf", b"%PDF-1.7 report", content_type="application/pdf")
    appeal = submit(desk, attachments=[pdf])
    assert appeal.attachments.get().name == "报表.pdf"
    for bad in (SimpleUploadedFile("x.exe", b"MZ"), SimpleUploadedFile("fake.pdf", b"<html>"),
                SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (settings.LIANDONG_ATTACHMENT_MAX_BYTES + 1))):
        before = Appeal.objects.count()
        with pytest.raises(ApplicationError):
            submit(desk, attachments=[bad])
        assert Appeal.objects.count() == before
    assert AppealAttachment.objects.count() == 1


def test_an_official_records_a_phone_call_for_an_enterprise(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk, actor=desk.office, enterprise_uscc=desk.enterprise.uscc, channel="phone")
    assert appeal.enterprise == desk.enterprise and appeal.channel == "phone"
    with pytest.raises(ApplicationError):
        submit(desk, actor=desk.office, enterprise_uscc="91120111MA00000000")


def test_duplicates_are_suggested_and_merged(desk, clock):
    clock("2026-03-02 09:00")
    original = submit(desk)
    clock("2026-03-03 09:00")
    duplicate = submit(desk, title="申请流动资金贷款贴息（再次反映）")
    unrelated = submit(desk, category="labour", title="招聘数控操作工", body="需要招聘二十名数控机床操作工。")
    assert merge_candidates(duplicate) == [original]
    assert unrelated not in merge_candidates(duplicate)
    merged = act(desk, desk.office, duplicate, "merge", into=original.number)
    assert merged.status == Appeal.Status.MERGED and merged.merged_into == original
    assert merged.next_alert_at is None


def test_detail_offers_the_actions_of_the_actor(desk, clock):
    clock("2026-03-02 09:00")
    appeal = submit(desk)
    office_view = appeal_detail(actor=desk.office, number=appeal.number, now=at("2026-03-02 09:30"))
    assert [a.name for a in office_view.actions] == ["respond", "merge", "reply"]
    assert office_view.clocks[0].remaining_minutes == 30
    ent_view = appeal_detail(actor=desk.ent_user, number=appeal.number)
    assert [a.name for a in ent_view.actions] == ["reply"]
    assert ent_view.merge_candidates == [] and ent_view.departments == []


def test_routing_suggests_where_this_category_was_handled_before(desk, clock):
    clock("2026-03-02 09:00")
    first = submit(desk)
    act(desk, desk.office, first, "respond")
    act(desk, desk.office, first, "dispatch", department=desk.dept.pk)
    act(desk, desk.staff, first, "accept")
    second = submit(desk, title="银行贷款", body="另一笔贷款需求")
    view = appeal_detail(actor=desk.office, number=second.number)
    assert view.suggested_department == desk.dept and "1" in view.suggestion_reason


def test_deadlines_across_the_year_boundary_are_estimated(desk, clock):
    clock("2026-12-28 10:00")
    appeal = submit(desk)
    assert appeal.calendar_estimated and appeal.resolve_by == at("2027-01-05 10:00")
    assert dt.timedelta(0) < appeal.resolve_by - appeal.submitted_at
