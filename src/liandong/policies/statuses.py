"""A policy screening's status — its names, Chinese labels and colours — in one place (issue #14 item 7).

The statuses themselves are the eligibility engine's (``engines.eligibility.STATUSES``: met, near,
not_met, needs_data, the order the overview chart stacks them and the policy page shows its tiles in);
here they get the label an official reads (符合 / 接近 / 不符合 / 需补充数据, through the catalogue) and
the colour the overview chart draws them in. Pages, the chart and the command line read them from here;
the JavaScript gets the colours with the data it draws (``color`` of each chart series) and the labels
in a ``json_script`` element. The badges' ``.st-<status>`` rules in ``core/static/liandong/app.css``
are checked against ``ORDER`` (tests/policies/test_statuses.py).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liandong.engines.eligibility import STATUSES

ORDER: tuple[str, ...] = STATUSES
"""met, near, not_met, needs_data: as the chart stacks them and the policy page lists them."""

LABELS = {"met": _("met"), "near": _("near"), "not_met": _("not met"), "needs_data": _("needs data")}

COLORS = {"met": "#2e7d32", "near": "#f9a825", "not_met": "#e0e0e0", "needs_data": "#90a4ae"}

assert set(LABELS) == set(COLORS) == set(STATUSES), "every status of the screening has a label and a colour"


def label(status: str) -> str:
    """The Chinese label of a screening status (the status itself if unknown)."""
    return str(LABELS.get(status, status))


def labels() -> dict[str, str]:
    """Every status's label, in ``ORDER`` (for the chart's legend, through json_script)."""
    return {s: label(s) for s in ORDER}
