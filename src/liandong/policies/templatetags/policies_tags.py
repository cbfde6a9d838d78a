from django import template

from liandong.policies import statuses

register = template.Library()


@register.filter
def policy_status_label(status: str) -> str:
    """The Chinese label of a screening status (policies.statuses). A word that is no status (a
    hand-typed ``?status=`` on the policy page) reads as not_met's label, as the badge always has."""
    return statuses.label(status if status in statuses.LABELS else "not_met")
