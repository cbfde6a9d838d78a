"""Every events page in Chinese an official would write (review #13 item 11): rendered in zh-hans for the
office and for enterprises (their own registration, the waiting list, one not yet registered), no page
says 注册地 (registered address) where it means 已报名, nor 活动现场 (on site) for the event's name, and no
English word reaches the reader — in the text, in the labels a screen reader or a tooltip shows, in
flash messages, nor in the Excel files."""

from __future__ import annotations

import datetime as dt
import io
import re

import lxml.html
import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from liandong.events import services
from liandong.events.models import Registration
from tests.events.test_events import reg
from tests.factories import make_department_user

WRONG = ("注册地", "活动现场", "Registered", "Event")
ALLOWED_LATIN = {"Excel"}  # the product's name, as officials write it (Excel表格)
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
WRONG_CODE = "NOPE1234"


def words_seen(html: str) -> str:
    """What a reader of the page meets: the text outside scripts, styles and inline SVG, the options,
    the attributes shown as tooltips or read aloud, and the captions of input buttons."""
    tree = lxml.html.fromstring(html)
    for node in tree.xpath("//script | //style | //*[local-name()='svg'] | //template"):
        node.drop_tree()
    parts = [tree.text_content()]
    for attribute in VISIBLE_ATTRIBUTES:
        parts += tree.xpath(f"//@{attribute}")
    parts += tree.xpath("//input[@type='submit' or @type='button']/@value")
    return " ".join(parts)


def workbook_words(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
                    if c is not None)


def assert_chinese(text: str, where: str, data: tuple[str, ...] = ()) -> None:
    """No known-wrong term and no English word, once the data shown (names, codes, accounts) is removed."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"\s+", " ", text)
    wrong = [w for w in WRONG if w in text]
    assert not wrong, f"{where}: {wrong} in …{_around(text, wrong[0])}…"
    english = sorted(set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN)
    assert not english, f"{where}: English {english} in …{_around(text, english[0])}…"


def _around(text: str, word: str) -> str:
    at = text.index(word)
    return text[max(0, at - 80):at + 80]


@pytest.fixture
def held_day(day):
    """The matchmaking day with a meeting accepted, scheduled and recorded, the outsider on the waiting
    list, and a policy briefing besides."""
    meeting = services.meeting_request(actor=day.buyer, event=day.event, target_id=reg(day, day.suppliers[0]).pk,
                                       message="想了解车身件供货")
    services.meeting_answer(actor=day.suppliers[0], request=meeting, accept=True)
    services.event_schedule(actor=day.organiser, event=day.event)
    services.meeting_outcome(actor=day.organiser, request=meeting, held=True, intention=True, signed_wan="150")
    services.check_in(actor=day.organiser, event=day.event, code=reg(day, day.buyer).code)
    waiting = services.registration_create(actor=day.outsider, event=day.event, representatives="李经理")
    assert waiting.status == Registration.Status.WAITING
    start = timezone.now() + dt.timedelta(days=10)
    briefing = services.event_create(actor=day.organiser, title="专精特新政策宣讲会", kind="briefing", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=2), venue="区政务服务中心", status="open",
                                     tiers=["specialized-sme"], policy="specialized-sme-2022")
    return day, briefing


def _data(day, *users) -> tuple[str, ...]:
    """Values the pages show as they are: check-in codes (the one typed at the door too) and accounts."""
    codes = tuple(Registration.objects.values_list("code", flat=True))
    return (*codes, WRONG_CODE, *(u.username for u in users))


def test_every_events_page_reads_in_chinese_for_the_office(held_day):
    day, briefing = held_day
    event = day.event
    staff = [day.organiser, make_department_user()]
    for user in staff:
        client = Client()
        client.force_login(user)
        data = _data(day, user)
        pages = ["/events/", "/events/dashboard/", "/events/new/", f"/events/{event.pk}/edit/",
                 f"/events/{event.pk}/", f"/events/{briefing.pk}/", f"/events/{event.pk}/checkin/",
                 f"/events/{event.pk}/tables/", f"/events/{event.pk}/registrations/{reg(day, day.buyer).pk}/agenda/"]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_chinese(words_seen(response.content.decode()), f"{user.role} {url}", data)
        for code in (reg(day, day.suppliers[0]).code, reg(day, day.buyer).code, WRONG_CODE):  # new, again, wrong
            for headers in ({"HX-Request": "true"}, {}):
                response = client.post(f"/events/{event.pk}/checkin/", {"code": code}, headers=headers)
                assert_chinese(words_seen(response.content.decode()), f"check-in {code}", data)
        invalid = client.post("/events/new/", {"title": "缺少时间的活动", "kind": "briefing"})
        assert invalid.status_code == 400
        assert_chinese(words_seen(invalid.content.decode()), "event form error", data)
        for url in (f"/events/{event.pk}/tables/?format=xlsx",
                    f"/events/{event.pk}/registrations/{reg(day, day.buyer).pk}/agenda/?format=xlsx"):
            assert_chinese(workbook_words(client.get(url).content), url, data)


def test_the_list_and_the_registration_say_yi_baoming_and_name_the_event(held_day):
    day, _briefing = held_day
    office = Client()
    office.force_login(day.organiser)
    listing = lxml.html.fromstring(office.get("/events/").content.decode())
    assert listing.xpath("//table/thead//th/text()")[1:6:4] == ["活动名称", "已报名"]
    buyer = Client()
    buyer.force_login(day.buyer)
    status = lxml.html.fromstring(buyer.get(f"/events/{day.event.pk}/").content.decode()).get_element_by_id("my-status")
    assert status.text_content().startswith("已报名")


def test_every_events_page_reads_in_chinese_for_enterprises(held_day):
    day, briefing = held_day
    event = day.event
    for user in (day.buyer, day.suppliers[1], day.outsider):  # registered with a meeting, without, waiting
        client = Client()
        client.force_login(user)
        data = _data(day, user)
        mine = reg(day, user)
        for url in ["/events/", "/events/dashboard/", f"/events/{event.pk}/", f"/events/{briefing.pk}/",
                    f"/events/{event.pk}/registrations/{mine.pk}/agenda/"]:
            response = client.get(url)
            if response.status_code == 404 and "agenda" in url:  # the waiting list has no agenda
                continue
            assert response.status_code == 200, url
            assert_chinese(words_seen(response.content.decode()), f"{user.username} {url}", data)
    newcomer = Client()
    newcomer.force_login(day.outsider)
    after = newcomer.post(f"/events/{briefing.pk}/register/", {"representatives": "赵总", "phone": "13800000000"},
                          follow=True)
    assert_chinese(words_seen(after.content.decode()), "registered for the briefing", _data(day, day.outsider))
    assert "报名成功" in after.content.decode()
    xlsx = Client()
    xlsx.force_login(day.buyer)
    assert_chinese(workbook_words(xlsx.get(
        f"/events/{event.pk}/registrations/{reg(day, day.buyer).pk}/agenda/?format=xlsx").content),
        "agenda.xlsx", _data(day, day.buyer))
