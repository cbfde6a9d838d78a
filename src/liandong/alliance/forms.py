"""The alliance pages' hand-written forms: the labels that name a refused field (core.forms), and
reading the posted values (dates, ids, members) before a service is called."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.alliance.models import Member, MemberRole
from liandong.engines.alliance.rota import is_month

LABELS = {
    "name": _("unit name"), "uscc": _("Unified social credit code"), "type": _("unit type"), "role": _("role"),
    "chains": _("chains"), "chain": _("chain"), "joined": _("joined"), "contact": _("contact person"),
    "phone": _("phone"), "a": _("unit A"), "b": _("unit B"), "kind": _("pairing type"),
    "since": _("paired since"), "goals": _("goals"), "on": _("date"), "text": _("what was done"),
    "title": _("activity title"), "date": _("date"), "host": _("host unit"), "participants": _("participants"),
    "summary": _("summary"), "code": _("activity code"), "description": _("intention"),
    "buyer": _("The unit that needs it"), "seller": _("The unit that supplies it"), "month": pgettext_lazy("rota", "Month"),
    "event": _("check-in event"),
}
"""The forms' labels by field (the same msgids as the templates): a refused form names its field."""
OUTCOME_LABELS = {**LABELS, "a": pgettext_lazy("intention", "Unit A"), "b": pgettext_lazy("intention", "Unit B")}
"""A cooperation intention's two units (意向单位A, 意向单位B)."""

ROLE_LABELS = {
    MemberRole.LEAD: pgettext_lazy("alliance role", "Lead department"),
    MemberRole.MASTER: _("Chain master"),
    MemberRole.MEMBER: _("Member"),
    MemberRole.PARTNER: _("Partner unit"),
}
"""The 1+1+N+X roles as the alliance names them (牵头部门, 链主企业, 成员单位, 协同单位)."""

MEMBER_FIELDS = ("name", "uscc", "type", "role", "joined", "contact", "phone")


month_ok = is_month  # a month as YYYY-MM (engines.alliance.rota)


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def parse_int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def parse_year(text: str | None) -> int | None:
    year = parse_int(text)
    return year if year and 1900 < year < 2200 else None


def member_values(member: Member | None) -> dict:
    """The member form's values for ``member`` (a new one: empty, an enterprise member)."""
    if member is None:
        return {"name": "", "uscc": "", "type": "enterprise", "role": MemberRole.MEMBER, "joined": "", "contact": "",
                "phone": "", "chains": set()}
    return {"name": member.name, "uscc": member.uscc or "", "type": member.type, "role": member.role,
            "joined": member.joined.isoformat() if member.joined else "", "contact": member.contact,
            "phone": member.phone, "chains": set(member.chains.values_list("id", flat=True))}


def posted_member(post) -> dict:
    values = {k: post.get(k, "").strip() for k in MEMBER_FIELDS}
    values["chains"] = {int(v) for v in post.getlist("chains") if v.isdigit()}
    return values


def members_by_ids(ids, qs) -> list[Member]:
    """The members of ``qs`` among the posted ``ids`` (ids outside it are dropped)."""
    wanted = {int(v) for v in ids if str(v).isdigit()}
    return list(qs.filter(pk__in=wanted)) if wanted else []
