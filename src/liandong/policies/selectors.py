"""Reads of the policies app for pages, the API and the CLI, scoped to the acting user: the screening's
JSON, one enterprise's policies, 免申即享, version comparisons, the tier ladder (computed by
``policies.screening``), a pack's confirmations and an enterprise's declared facts. Reads only in
selectors (docs/architecture.md#layers-inside-an-app)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.core.errors import NotFoundError
from liandong.engines.eligibility import DECLARED, FIELDS, Field, benefit, evaluate_one, gaps, leaves
from liandong.enterprises.models import Enterprise, Qualification, QualificationType
from liandong.enterprises.selectors import enterprises_visible, local_only
from liandong.policies.models import DeclaredFact, PackConfirmation
from liandong.policies.packs import all_packs, confirmed
from liandong.policies.screening import (
    LADDERS,
    RENEWAL_MONTHS,
    STATUS_ORDER,
    add_gaps,
    ladder_candidates,
    months_after,
    no_application_frame,
    no_application_rows,
    policy_summaries,
    renewal_note,
    result_count,
    result_rows,
    scope_of,
    screening,
    value_text,
    version_of,
)


def confirmations(code: str) -> dict[str, PackConfirmation]:
    return {c.version: c for c in PackConfirmation.objects.filter(pack=code).select_related("confirmed_by")}


def current_declarations(enterprise: Enterprise) -> dict[str, DeclaredFact]:
    """The latest declaration of each fact (a withdrawn fact has a null value)."""
    latest: dict[str, DeclaredFact] = {}
    for fact in (DeclaredFact.objects.filter(enterprise=enterprise).select_related("declared_by")
                 .order_by("declared_on", "id")):
        latest[fact.field] = fact
    return latest


def declared_text(spec: Field, fact: DeclaredFact | None) -> str:
    """A stored declaration as the form takes it (the inverse of ``services.declared_value``): 是/否, a ratio
    in percent, a number; "" when not declared or withdrawn."""
    if fact is None or fact.value is None:
        return ""
    if spec.kind == "bool":
        return "是" if fact.value else "否"
    value = fact.value * 100 if spec.kind == "ratio" else fact.value
    return f"{value:.4f}".rstrip("0").rstrip(".")


def screen_payload(*, actor, as_of: dt.date | None = None, codes: list[str] | None = None,
                   statuses: set[str] | None = None, results: bool = True,
                   progress: Callable[[int, int], None] | None = None, page: int | None = None,
                   page_size: int = 100) -> dict[str, Any]:
    """The JSON of docs/cli.md#policies-screen; without ``results`` the per-policy summaries only; with
    ``page`` one page of the results (gaps for those rows only) and ``count``, the number of results."""
    s = screening(actor=actor, as_of=as_of, codes=codes)
    payload: dict[str, Any] = {"as_of": s.as_of.isoformat(), "policies": policy_summaries(s)}
    if results:
        if page is None:
            rows = result_rows(s, statuses=statuses)
        else:
            payload.update(count=result_count(s, statuses=statuses), page=page, page_size=page_size)
            rows = result_rows(s, statuses=statuses, limit=page_size, offset=(page - 1) * page_size)
        payload["results"] = add_gaps(s, rows, progress)
    return payload


def policies_using(as_of: dt.date | None = None) -> dict[str, list[str]]:
    """Fact → names of the policies whose version in force tests it (for the declaration form)."""
    as_of = as_of or timezone.localdate()
    out: dict[str, list[str]] = {}
    for code, pack in all_packs().items():
        for name in sorted({c.field for c in leaves(pack.version(as_of=as_of, confirmed=confirmed(code)).rule)}):
            out.setdefault(name, []).append(pack.name)
    return out


def enterprise_policies(*, actor, enterprise: Enterprise, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every policy for one enterprise: status, score, each condition's outcome in words, gaps, and
    (when not met) the declarable facts it has not declared."""
    if not enterprises_visible(actor).filter(pk=enterprise.pk).exists():
        raise NotFoundError(_("Enterprise not found."))
    s = screening(actor=actor, as_of=as_of)
    if enterprise.pk not in s.names:  # registered outside the district: not screened
        return []
    facts = s.facts_of(enterprise.pk)
    grants = {q.type.code: q for q in Qualification.objects.filter(enterprise=enterprise).select_related("type")}
    out = []
    for code, entry in s.packs.items():
        ev = evaluate_one(entry.version, facts)
        grant = grants.get(entry.pack.tier) if entry.pack.tier else None
        renewal = renewal_note(grant, s.as_of) if grant else ""
        conditions = [{"label": c.label, "outcome": ev.outcomes[c.id].value, "fact": FIELDS[c.field].label,
                       "value": value_text(c.field, facts.get(c.field))} for c in leaves(entry.version.rule)
                      if c.id in ev.outcomes and ":" not in c.id]
        unknown = sorted({c.field for c in leaves(entry.version.rule)
                          if c.field in DECLARED and facts.get(c.field) is None})
        out.append({"code": code, "name": entry.pack.name, "version": entry.version.version, "status": ev.status,
                    "score": ev.score, "score_max": ev.score_max, "conditions": conditions,
                    "undeclared": unknown if ev.status != "met" else [],
                    "gaps": gaps(entry.version, facts, ev), "renewal": renewal,
                    "held": {"expires": grant.expires, "renewal": renewal} if ev.held and grant else None,
                    "benefit_wan": benefit(entry.version, facts) if ev.status == "met" else None})
    return sorted(out, key=lambda p: STATUS_ORDER[p["status"]])


def no_application_list(*, actor, code: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """免申即享: enterprises that meet the policy from data the government holds — every condition that
    decided it met comes from the registry, statistics or the qualification records, none from an
    enterprise's own declaration — with the estimated benefit and the audit bundle."""
    s = screening(actor=actor, as_of=as_of, codes=[code])
    return no_application_rows(s, code, no_application_frame(s, code))


def version_diff(*, actor, code: str, old: str, new: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Enterprises whose status differs between two versions of a pack."""
    s = screening(actor=actor, as_of=as_of, codes=[code])
    _va, a = version_of(s, code, old)
    _vb, b = version_of(s, code, new)
    joined = (a.select("enterprise", pl.col("status").alias("old")).join(
        b.select("enterprise", pl.col("status").alias("new")), on="enterprise").filter(pl.col("old") != pl.col("new")))
    return [{"uscc": s.names.get(e, ("", ""))[0], "name": s.names.get(e, ("", ""))[1], "from": o, "to": n}
            for e, o, n in joined.iter_rows()]


def tier_ladder(*, actor, as_of: dt.date | None = None, per_tier: int = 20) -> dict[str, Any]:
    """梯度培育库: holders per tier (with its Chinese name), candidates per tier pack (as the policy page
    counts them), and the grants to renew: expiring within ``RENEWAL_MONTHS`` or expired."""
    s = screening(actor=actor, as_of=as_of)
    names = dict(QualificationType.objects.values_list("code", "name"))
    holders = {code: int(s.facts[f"has_{code}"].sum()) for ladder in LADDERS for code in ladder
               if f"has_{code}" in s.facts.columns}
    tiles = [{"code": code, "label": names.get(code, code), "count": n} for code, n in holders.items()]
    candidates = s.derived(("ladder", per_tier, tuple(s.packs)), lambda: ladder_candidates(s, per_tier))
    candidates = [{**c, "below_label": names.get(c["below"], "") if c["below"] else ""} for c in candidates]
    today = s.as_of
    scope = scope_of(actor)
    grants = (Qualification.objects.filter(enterprise__in=local_only(Enterprise.objects.all()) if scope is None
                                           else scope, expires__lte=months_after(today, RENEWAL_MONTHS))
              .filter(Q(granted__isnull=True) | Q(granted__lte=today)).select_related("enterprise", "type"))
    soon = grants.filter(expires__gte=today).order_by("expires", "id")
    lapsed = grants.filter(expires__lt=today).order_by("-expires", "id")
    expiring = [{"uscc": q.enterprise.uscc, "name": q.enterprise.name, "tier": q.type.name, "expires": q.expires,
                 "expired": q.expires < today, "note": renewal_note(q, today)}
                for part in (soon, lapsed) for q in part[:200]]
    return {"as_of": today, "holders": holders, "tiles": tiles, "ladders": LADDERS, "candidates": candidates,
            "expiring": expiring, "expiring_count": soon.count(), "expired_count": lapsed.count()}
