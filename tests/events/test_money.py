"""Signed amounts of 1:1 meetings round-trip through the table plan (review #13 item 1): the amount box
is in 万元 like its label, and confirming a meeting without touching the box stores what was there.

The property test renders the real page, reads the form as the browser would send it, posts it back
unchanged and compares the database row."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import lxml.html
import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liandong.core.models import WAN
from liandong.events import services
from liandong.events.models import MeetingRequest
from tests.events.test_events import reg
from tests.forms import rendered_form, unchanged_submission

# yuan with fen, up to 1万亿元 (what the money column holds is far more; no deal is larger)
amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("1e12"), places=2))


@pytest.fixture
def meeting(day) -> MeetingRequest:
    request = services.meeting_request(actor=day.buyer, event=day.event, target_id=reg(day, day.suppliers[0]).pk)
    services.meeting_answer(actor=day.suppliers[0], request=request, accept=True)
    services.event_schedule(actor=day.organiser, event=day.event)
    request.refresh_from_db()
    assert request.slot is not None
    return request


def _signed_tile(html: str) -> Decimal:
    """The 签约金额（万元） figure of the event page's outcomes."""
    tiles = lxml.html.fromstring(html).xpath('//section[@id="outcomes"]//div[@class="tile"]')
    [figure] = [t.findtext("b") for t in tiles if t.findtext("span") == "签约金额（万元）"]
    return Decimal(figure.replace(",", ""))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=amounts, held=st.booleans(), intention=st.booleans())
def test_the_table_plan_form_posted_as_rendered_changes_nothing(day, meeting, amount, held, intention):
    MeetingRequest.objects.filter(pk=meeting.pk).update(signed_amount=amount, held=held, intention=intention)
    office = Client()
    office.force_login(day.organiser)
    page = office.get(f"/events/{day.event.pk}/tables/")
    assert page.status_code == 200
    action = f"/events/{day.event.pk}/meetings/{meeting.pk}/outcome/"
    form = rendered_form(page.content.decode(), action)
    box = form.inputs["signed"]
    assert "万元" in (box.getparent().text_content() + (box.get("placeholder") or ""))
    shown = box.value or ""
    assert (Decimal(shown) * WAN if shown else None) == amount  # the box is in 万元, as labelled

    office.post(action, unchanged_submission(form))
    meeting.refresh_from_db()
    assert (meeting.signed_amount, meeting.held, meeting.intention) == (amount, held, intention)
    tile = _signed_tile(office.get(f"/events/{day.event.pk}/").content.decode())
    assert abs(tile - ((amount or 0) / WAN).quantize(Decimal("0.1"), ROUND_HALF_UP)) <= Decimal("0.1")


def test_confirming_a_meeting_keeps_150_wan(day, meeting):
    """The reported case: 150万 entered, the meeting confirmed later without touching the box."""
    office = Client()
    office.force_login(day.organiser)
    action = f"/events/{day.event.pk}/meetings/{meeting.pk}/outcome/"
    office.post(action, {"intention": "1", "signed": "150"})
    form = rendered_form(office.get(f"/events/{day.event.pk}/tables/").content.decode(), action)
    form.inputs["held"].checked = True
    office.post(action, unchanged_submission(form))
    meeting.refresh_from_db()
    assert meeting.signed_amount == 150 * WAN and meeting.held and meeting.intention
    assert _signed_tile(office.get(f"/events/{day.event.pk}/").content.decode()) == Decimal("150.0")
