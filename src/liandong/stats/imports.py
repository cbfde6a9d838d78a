"""The statistics bureau's official totals as an import kind (docs/imports.md#official-totals).

Declared in ``stats/apps.py``; written by the import machinery (enterprises.imports).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.enterprises.imports.columns import Column, ImportKind
from liandong.enterprises.imports.kinds import Handler
from liandong.stats.models import OfficialTotal

OFFICIAL_TOTAL_COLUMNS = (
        Column("period", "期别", "period", True, "2024-06"),
        Column("indicator", "指标", "text", True, "value_added"),
        Column("cumulative", "累计", "bool", True, "是"),
        Column("value", "数值（万元）", "wan"),
        Column("growth_pct", "增速（%）", "decimal", example="4.3"),
)


class OfficialTotals(Handler):
    model = OfficialTotal
    key_fields = ("period", "indicator", "cumulative")
    INDICATORS = {"value_added", "output_value", "revenue", "profit", "value_added_comparable"}

    def prepare(self, rows, ctx):
        out = []
        if ctx.writable_enterprises is not None:
            for row in rows:
                ctx.error(row, "period", _("Only the district administrator enters official totals."))
            return out
        for row in rows:
            v = row.values
            if v.get("indicator") and v["indicator"] not in self.INDICATORS:
                ctx.error(row, "indicator", _("Unknown indicator; use one of: %(names)s.")
                          % {"names": ", ".join(sorted(self.INDICATORS))})
                continue
            if all(v.get(k) is not None for k in self.key_fields):
                out.append((row, dict(v)))
        return out


KINDS = (ImportKind("official-totals", gettext_lazy("Official totals"), OFFICIAL_TOTAL_COLUMNS, OfficialTotals(), 70, ("period", "indicator", "cumulative")),)
