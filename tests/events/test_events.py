"""Events: registration with a waiting list, check-in by code, invitations from the data, 1:1
requests suggested from the chain map, the timetable and personal agendas, outcomes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.events import selectors, services
from liandong.events.models import Invitation, MeetingRequest, Registration
from liandong.notifications.models import Notification


def reg(day, user) -> Registration:
    return day.event.registrations.get(enterprise_id=user.enterprise_id)


def test_capacity_fills_then_the_waiting_list_moves_up(day):
    late = services.registration_create(actor=day.outsider, event=day.event, representatives="李经理")
    assert late.status == Registration.Status.WAITING
    with pytest.raises(ConflictError):
        services.registration_create(actor=day.buyer, event=day.event, representatives="again")
    services.registration_cancel(actor=day.suppliers[1], registration=reg(day, day.suppliers[1]))
    late.refresh_from_db()
    assert late.status == Registration.Status.REGISTERED
    assert len(late.code) == 8 and not set(late.code) & set("01IO")


def test_check_in_by_code_once(day):
    code = reg(day, day.buyer).code
    registration, new = services.check_in(actor=day.organiser, event=day.event, code=code.lower())
    assert new and registration.checked_in_at
    assert services.check_in(actor=day.organiser, event=day.event, code=code)[1] is False
    with pytest.raises(NotFoundError):
        services.check_in(actor=day.organiser, event=day.event, code="ZZZZZZZZ")
    with pytest.raises(PermissionDeniedError):
        services.check_in(actor=day.buyer, event=day.event, code=code)


def test_invitations_come_from_the_chain_and_notify(day, django_capture_on_commit_callbacks, mailoutbox):
    day.buyer.email = "buyer@example.cn"
    day.buyer.save()
    candidates = services.invitation_candidates(day.event)
    names = [e.name for e, _why in candidates]
    assert names[0] == "天津整车制造有限公司"  # above designated size first
    assert all("汽车及新能源汽车" in why for _e, why in candidates)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitations_send(actor=day.organiser, event=day.event,
                                         enterprise_ids=[e.pk for e, _ in candidates])
    assert sent == 3 == Invitation.objects.filter(event=day.event).count()
    assert Notification.objects.filter(recipient=day.buyer, kind="invitation").exists()
    assert [m.to for m in mailoutbox] == [["buyer@example.cn"]] and "汽车产业链供需对接会" in mailoutbox[0].subject


def test_meetings_are_suggested_requested_answered_and_scheduled(day):
    suggestions = selectors.meeting_suggestions(actor=day.buyer, event=day.event)
    assert {r.enterprise.name for r, _why in suggestions} == {"天津零部件0有限公司", "天津零部件1有限公司"}
    assert all(why.startswith("可为您供货") for _r, why in suggestions)  # their nodes supply the buyer's
    requests = [services.meeting_request(actor=day.buyer, event=day.event, target_id=reg(day, s).pk)
                for s in day.suppliers]
    with pytest.raises(ConflictError):
        services.meeting_request(actor=day.suppliers[0], event=day.event, target_id=reg(day, day.buyer).pk)
    with pytest.raises(PermissionDeniedError):
        services.meeting_answer(actor=day.buyer, request=requests[0], accept=True)
    with pytest.raises(PermissionDeniedError):
        services.meeting_request(actor=day.outsider, event=day.event, target_id=reg(day, day.buyer).pk)
    for supplier, request in zip(day.suppliers, requests, strict=True):
        services.meeting_answer(actor=supplier, request=request, accept=True)
    result = services.event_schedule(actor=day.organiser, event=day.event)
    assert (result.slots, result.lower_bound) == (2, 2)
    placed = MeetingRequest.objects.filter(event=day.event).order_by("slot")
    assert [r.slot for r in placed] == [1, 2] and all(r.table == 1 for r in placed)
    agenda = selectors.agenda(actor=day.buyer, event=day.event, registration=reg(day, day.buyer))
    assert [row["slot"] for row in agenda] == [1, 2]
    assert agenda[1]["start"] - agenda[0]["start"] == day.event.meetings_start - day.event.meetings_start + \
        (agenda[1]["end"] - agenda[1]["start"])
    with pytest.raises(NotFoundError):
        selectors.agenda(actor=day.suppliers[0], event=day.event, registration=reg(day, day.buyer))


def test_blocked_slots_make_a_constrained_timetable(day):
    requests = [services.meeting_request(actor=day.buyer, event=day.event, target_id=reg(day, s).pk)
                for s in day.suppliers]
    for supplier, request in zip(day.suppliers, requests, strict=True):
        services.meeting_answer(actor=supplier, request=request, accept=True)
    first = reg(day, day.suppliers[0])
    first.unavailable_slots = [1]
    first.save()
    result = services.event_schedule(actor=day.organiser, event=day.event, time_limit=5)
    assert result.method in {"repaired colouring", "cp-sat"} and not result.unscheduled
    assert MeetingRequest.objects.get(target=first).slot == 2


def test_outcomes_feed_the_dashboard(day):
    request = services.meeting_request(actor=day.buyer, event=day.event, target_id=reg(day, day.suppliers[0]).pk)
    services.meeting_answer(actor=day.suppliers[0], request=request, accept=True)
    services.meeting_outcome(actor=day.organiser, request=request, held=True, intention=True, signed_wan="120.5")
    services.check_in(actor=day.organiser, event=day.event, code=reg(day, day.buyer).code)
    with pytest.raises(ApplicationError):
        services.meeting_outcome(actor=day.organiser, request=request, held=True, signed_wan="-1")
    day.event.starts_at = day.event.starts_at.replace(year=2025)
    day.event.save()
    data = selectors.dashboard(actor=day.organiser)
    assert (data["matchmaking_events"], data["matchmaking_enterprises"], data["meetings_held"]) == (1, 1, 1)
    assert data["signed_wan"] == 120.5 and data["enterprises_registered"] == 3


def test_pages_registration_qr_checkin_agenda_and_table_plan(day):
    buyer = Client()
    buyer.force_login(day.buyer)
    page = buyer.get(f"/events/{day.event.pk}/").content.decode()
    code = reg(day, day.buyer).code
    assert "<svg" in page and code in page and 'id="attendees"' in page
    organiser = Client()
    organiser.force_login(day.organiser)
    checked = organiser.post(f"/events/{day.event.pk}/checkin/", {"code": code}, HTTP_HX_REQUEST="true")
    assert 'id="checked-in"' in checked.content.decode() and "王总" in checked.content.decode()
    wrong = organiser.post(f"/events/{day.event.pk}/checkin/", {"code": "NOPE"}).content.decode()
    assert 'id="checkin-error"' in wrong
    assert buyer.get(f"/events/{day.event.pk}/checkin/").status_code == 403
    request = services.meeting_request(actor=day.buyer, event=day.event, target_id=reg(day, day.suppliers[0]).pk)
    services.meeting_answer(actor=day.suppliers[0], request=request, accept=True)
    organiser.post(f"/events/{day.event.pk}/schedule/")
    agenda = buyer.get(f"/events/{day.event.pk}/registrations/{reg(day, day.buyer).pk}/agenda/?format=xlsx")
    sheet = load_workbook(io.BytesIO(agenda.content)).active
    assert sheet["E4"].value == "天津零部件0有限公司"
    plan = organiser.get(f"/events/{day.event.pk}/tables/").content.decode()
    assert "天津整车制造有限公司 × 天津零部件0有限公司" in plan
    assert buyer.get(f"/events/{day.event.pk}/tables/").status_code == 403


def test_the_api_registers_and_schedules(day, api_client_for):
    outsider = api_client_for(day.outsider)
    made = outsider.post(f"/api/v1/events/{day.event.pk}/registrations", json.dumps({"representatives": "赵总"}),
                         content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "waiting"
    detail = api_client_for(day.buyer).get(f"/api/v1/events/{day.event.pk}").json()
    assert detail["mine"]["code"] and all("code" not in a for a in detail["attendees"])
    assert api_client_for(day.organiser).post(f"/api/v1/events/{day.event.pk}/schedule").json()["slots"] == 0


def test_meetings_schedule_cli(tmp_path, capsys, db):
    requests = tmp_path / "r.csv"
    requests.write_text("a,b,side_a,side_b\nA,X,buyer,supplier\nA,Y,buyer,supplier\nB,X,buyer,supplier\n")
    call_command("meetings", "schedule", "--requests", str(requests), "--tables", "5", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["slots"] == 2 and len(out["meetings"]) == 3 and out["unscheduled"] == []
    blocked = tmp_path / "b.csv"
    blocked.write_text("participant,slot\nA,1\n")
    call_command("meetings", "schedule", "--requests", str(requests), "--tables", "5", "--blocked", str(blocked),
                 "--json", "--time-limit", "5")
    out = json.loads(capsys.readouterr().out)
    assert all(m["slot"] != 1 for m in out["meetings"] if "A" in (m["a"], m["b"]))
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("meetings", "schedule", "--requests", str(bad), "--tables", "5", "--json")
    assert exit_.value.code == 1


def test_meetings_schedule_cli_proves_optimality_and_says_whether_the_day_is_bipartite(tmp_path, capsys, db):
    """Four who all meet each other at two tables: 3 slots, proven (Misra–Gries alone gives 4)."""
    requests = tmp_path / "k4.csv"
    requests.write_text("a,b\nA,B\nA,C\nA,D\nB,C\nB,D\nC,D\n")
    call_command("meetings", "schedule", "--requests", str(requests), "--tables", "2", "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["slots"], out["lower_bound"], out["optimal"], out["bipartite"], out["gap"]) == (3, 3, True, False, None)
    blocked = tmp_path / "b.csv"
    blocked.write_text("participant,slot\nA,6\n")
    call_command("meetings", "schedule", "--requests", str(requests), "--tables", "2", "--blocked", str(blocked),
                 "--json", "--time-limit", "5")
    out = json.loads(capsys.readouterr().out)
    assert (out["slots"], out["optimal"], out["bipartite"]) == (3, True, False)
    call_command("meetings", "schedule", "--requests", str(requests), "--tables", "2")
    assert "已证明为最少时段" in capsys.readouterr().out


def test_a_participant_short_of_free_slots_is_warned_in_chinese_by_name(day):
    """Review #13: the page showed the engine's English text and a registration code."""
    requests = [services.meeting_request(actor=day.buyer, event=day.event, target_id=reg(day, s).pk)
                for s in day.suppliers]
    for supplier, request in zip(day.suppliers, requests, strict=True):
        services.meeting_answer(actor=supplier, request=request, accept=True)
    buyer = reg(day, day.buyer)
    buyer.unavailable_slots = [1]
    buyer.save()
    day.event.slots = 2
    day.event.save()
    organiser = Client()
    organiser.force_login(day.organiser)
    page = organiser.post(f"/events/{day.event.pk}/schedule/", follow=True).content.decode()
    assert "天津整车制造有限公司有2场洽谈，但2个时段中仅1个有空：1场无法安排。" in page
    assert "1场洽谈无法安排在2个时段内。" in page
    assert "has 2 meetings" not in page and buyer.code not in page.split("<svg")[0]
