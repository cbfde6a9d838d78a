from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def wan(value, places: int = 1):
    """Yuan → 万元, rounded half-up for display (DESIGN.md: money in yuan, 万元 at the edges)."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / Decimal(10000)).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return intcomma(amount)
