"""A chain node's status — its names, Chinese labels and colours — in one place (issue #14 item 7).

The statuses themselves are the gap analysis's (``engines.graph.rules.STATUSES``, worst first); here
they get the order pages list them in (best first), the label an official reads (强 / 一般 / 弱 / 单点 /
缺失, through the catalogue) and the colour the chain map, the legends and the overview chart draw them
in. Pages and the command line read them from here; the JavaScript gets the colours with the data it
draws (``itemStyle.color`` of each map node, ``color`` of each chart series) and the labels in a
``json_script`` element, so no colour or label is spelled a second time.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liandong.engines.graph.rules import STATUSES

ORDER: tuple[str, ...] = tuple(reversed(STATUSES))
"""strong, normal, weak, single_point, missing: best first, as legends and charts list them."""

LABELS = {"strong": _("Strong"), "normal": _("Normal"), "weak": _("Weak"),
          "single_point": _("Single point"), "missing": _("Missing")}

COLORS = {"strong": "#2e7d32", "normal": "#1f6feb", "weak": "#f9a825", "single_point": "#ef6c00",
          "missing": "#bdbdbd"}

assert set(LABELS) == set(COLORS) == set(STATUSES), "every status of the gap analysis has a label and a colour"


def label(status: str) -> str:
    """The Chinese label of a node status (the status itself if unknown)."""
    return str(LABELS.get(status, status))


def labels() -> dict[str, str]:
    """Every status's label, in ``ORDER`` (for a chart's legend, through json_script)."""
    return {s: label(s) for s in ORDER}
