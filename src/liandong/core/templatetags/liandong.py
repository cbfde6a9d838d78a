from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from liandong.core.models import WAN, wan_text

register = template.Library()


@register.filter
def wan(value, places: int = 1):
    """Yuan → 万元, rounded half-up for display (docs/architecture.md#data: money in yuan, 万元 at the edges)."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / WAN).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return intcomma(amount)


@register.filter
def wan_input(value) -> str:
    """Yuan → the exact 万元 for an input's value (core.models.wan_text): a round trip keeps the amount."""
    return wan_text(None if value in (None, "") else Decimal(value))


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
