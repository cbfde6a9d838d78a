"""Signed amounts of introductions are entered, stored and shown in one unit (review #13 item 1): the
box on the need page takes 万元, the row shows the deal in 万元 with its unit, and the form posted as
rendered changes no amount."""

from __future__ import annotations

import re
from decimal import Decimal

import lxml.html
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liandong.core.models import WAN
from liandong.matchmaking import services
from liandong.matchmaking.models import Match
from tests.forms import rendered_form, unchanged_submission


def _row_amount(html: str, match: Match) -> Decimal:
    """The amount the introductions table shows for ``match``, read next to its 万元 label."""
    [row] = lxml.html.fromstring(html).xpath(f'//section[@id="matches"]//tr[@data-match="{match.pk}"]')
    found = re.search(r"([\d,]+(?:\.\d+)?)\s*万元", row.text_content())
    assert found, f"no amount in 万元 in {row.text_content()!r}"
    return Decimal(found.group(1).replace(",", ""))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wan=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e8"), places=2))
def test_a_deal_entered_in_wan_is_stored_and_shown_in_wan(market, wan):
    need = services.need_create(actor=market.buyer_user, kind="need", title="光刻胶", text="KrF")
    match = services.match_introduce(actor=market.office, need=need, supplier=market.resist.uscc)
    buyer = Client()
    buyer.force_login(market.buyer_user)
    action = f"/matchmaking/matches/{match.pk}/advance/"

    form = rendered_form(buyer.get(f"/matchmaking/needs/{need.pk}/").content.decode(), action)
    box = form.inputs["amount"]
    assert "万元" in (box.get("placeholder") or "") + box.getparent().text_content()
    buyer.post(action, unchanged_submission(form))  # the next stage, no amount
    match.refresh_from_db()
    assert match.status == Match.Status.CONTACTED and match.amount is None

    form = rendered_form(buyer.get(f"/matchmaking/needs/{need.pk}/").content.decode(), action)
    data = unchanged_submission(form) | {"status": ["signed"], "amount": [str(wan)]}
    buyer.post(action, data)
    match.refresh_from_db()
    assert match.status == Match.Status.SIGNED and match.amount == wan * WAN
    assert _row_amount(buyer.get(f"/matchmaking/needs/{need.pk}/").content.decode(), match) == wan
