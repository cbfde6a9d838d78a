from django import template

from liandong.chains import statuses

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """强 / 一般 / 弱 / 单点 / 缺失 for a node status of the gap analysis (chains.statuses)."""
    return statuses.label(status)
