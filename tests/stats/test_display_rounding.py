"""Consistency checks print rounded figures (issue #13 item 13): the bureau table and the page show
2.7 and 0.0, not 2.6999999999999997 and 2.02e-16; the period picker's radio buttons sit with their
labels (issue #13 item 17)."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from liandong.accounts.scoping import SYSTEM
from liandong.engines.stats import round_half_up
from liandong.stats.selectors import stats_report
from tests.factories import make_analyst
from tests.pages import client_for

QUERY = {"period": "2023-06", "mode": "ytd"}


def test_checks_carry_rounded_figures_without_float_noise(published_district):
    checks = stats_report(actor=SYSTEM, period="2023-06", ytd=True)["checks"]
    assert checks and all(c["ok"] for c in checks)
    for check in checks:
        for key in ("expected", "actual"):
            assert check[key] == round_half_up(check[key], 1), check
    deviation = next(c for c in checks if "偏差" in c["name"])
    assert deviation["actual"] == 0


def test_the_consistency_sheet_and_the_page_show_rounded_figures(published_district):
    client = client_for(make_analyst())
    book = load_workbook(io.BytesIO(client.post("/stats/export.xlsx", {**QUERY, "indicator": "value_added"}).content))
    rows = [[c.value for c in row] for row in book["一致性校验"].iter_rows(min_row=2)]
    figures = [v for r in rows for v in r[1:3] if isinstance(v, float)]
    assert figures and all(v == round_half_up(v, 1) for v in figures), figures
    assert all("e-" not in str(v) for v in figures)
    html = client.get("/stats/", QUERY).content.decode()
    checks = html[html.index('id="checks"'):]
    assert not re.search(r"\d\.\d{3,}", checks.split("</ul>")[0])
    assert "e-1" not in checks


def test_the_mode_radios_are_labelled_inline(published_district):
    html = client_for(make_analyst()).get("/stats/", QUERY).content.decode()
    picker = html[html.index('id="period-picker"'):html.index("</form>", html.index('id="period-picker"'))]
    # each radio inside its own label, in a scoped group the stylesheet keeps on one line
    assert 'class="picker-mode"' in picker
    for value in ("ytd", "month"):
        assert re.search(rf'<label class="radio"><input type="radio" name="mode" value="{value}"', picker)
