"""Back-office (Django admin) forms with money (review #13 item 1): every change form that edits an
amount states its unit on the label, and saving the form as rendered leaves every amount as it was.
The models are found from the admin site, so a new admin with money is covered or this test fails."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import lxml.html
import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liandong.chains.models import SupplyRelation
from liandong.enterprises.models import AnnualData, Enterprise, MonthlyIndicator
from liandong.investment.models import Project
from liandong.stats.models import OfficialTotal
from tests.factories import make_enterprise, make_user
from tests.forms import unchanged_submission


def money_fields(model) -> list[models.DecimalField]:
    """Fields made by ``core.models.money`` (yuan, two decimals)."""
    return [f for f in model._meta.fields if isinstance(f, models.DecimalField)
            and (f.max_digits, f.decimal_places) == (20, 2)]


def _instance(model, amount: Decimal | None):
    money = {f.name: amount for f in money_fields(model)}
    if model is Enterprise:
        return make_enterprise(established=dt.date(2015, 1, 1), **money)
    enterprise = make_enterprise()
    if model is AnnualData:
        return AnnualData.objects.create(enterprise=enterprise, year=2025, **money)
    if model is MonthlyIndicator:
        return MonthlyIndicator.objects.create(enterprise=enterprise, period="2025-06", **money)
    if model is OfficialTotal:
        return OfficialTotal.objects.create(period="2025-06", indicator="value_added", **money)
    if model is SupplyRelation:
        return SupplyRelation.objects.create(supplier=enterprise, customer=make_enterprise(), year=2025,
                                             product="硅片", **money)
    if model is Project:
        return Project.objects.create(code=f"ZS-{enterprise.pk}", name="功率器件封测项目", **money)
    raise AssertionError(f"no test instance for {model.__name__}: add one here")


ADMINS = sorted((m for m in admin.site._registry if money_fields(m)), key=lambda m: m._meta.label)


def test_every_admin_with_money_is_covered():
    assert {m.__name__ for m in ADMINS} >= {"Enterprise", "AnnualData", "MonthlyIndicator", "OfficialTotal",
                                            "SupplyRelation"}


@pytest.mark.parametrize("model", ADMINS, ids=lambda m: m.__name__)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("1e12"), places=2)))
def test_a_change_form_saved_as_rendered_keeps_every_amount_and_names_its_unit(db, model, amount):
    staff = make_user("admin", is_staff=True, is_superuser=True)
    obj = _instance(model, amount)
    client = Client()
    client.force_login(staff)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    html = lxml.html.fromstring(page.content.decode())
    [form] = [f for f in html.forms if f.get("id") == f"{model._meta.model_name}_form"]
    for field in money_fields(model):
        [label] = html.xpath(f'//label[@for="id_{field.name}"]')
        assert "元" in label.text_content(), f"{model.__name__}.{field.name}: no unit in {label.text_content()!r}"
    response = client.post(url, unchanged_submission(form))
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    assert {f.name: getattr(obj, f.name) for f in money_fields(model)} == {f.name: amount for f in money_fields(model)}
    model.objects.filter(pk=obj.pk).delete()
