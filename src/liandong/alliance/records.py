"""The service record (服务台账, docs/domains/alliance.md#service-record): copied from its sources, read
as one timeline per enterprise and counted as 家次 (enterprise-times) by unit, chain and month.

Visits and consultations are entered (``services_records``); every other kind is copied here from the
app that holds it, keyed by (``source``, ``source_id``) so a service is never counted twice:

============== ================================================= ============================================
source         what                                               kind, date, unit, chain
============== ================================================= ============================================
appeal         an appeal of the enterprise (not one merged into    appeal; submitted; the lead department;
               another: its twin already counts)                  the enterprise's key chain
match          an introduction (官方撮合, ``introduced_at`` set),  introduction; introduced; the introducing
match-party    one record for the need's enterprise, one for the  officer's organization; the need's chain
               other side (the supplier)                          node, else the enterprise's key chain
briefing       a check-in (``checked_in_at``) at an event not     by the event's type: briefing and training
               used as an alliance activity's check-in            → briefing; matchmaking day and roadshow →
                                                                   introduction; the others → activity;
                                                                   checked in; the organiser; the event's one
                                                                   chain, else the enterprise's key chain
award          a fund award once disbursed (已拨付)                 award; the disbursement's date (award
                                                                   timeline), else the award's date; the
                                                                   program's department; the key chain
activity       an enterprise member among an alliance activity's  activity; the activity's date; the host
               participants (one per participation)               unit's organization; the activity's chain
============== ================================================= ============================================

The sync is set-based: the wanted rows are computed, compared with the stored ones, and only the
differences are written (new, changed, gone), so running it twice changes nothing. The copies are
derived data; the sources keep their own audit trail, so the sync writes no audit rows of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.alliance.models import Activity, ServiceKind, ServiceRecord
from liandong.appeals.models import Appeal
from liandong.chains.defaults import key_chain_codes
from liandong.chains.models import EnterprisePosition
from liandong.core.bulk import update_rows
from liandong.core.errors import ApplicationError
from liandong.engines.alliance.rota import is_month
from liandong.events.models import Event, Registration
from liandong.funds.models import Award, AwardEvent, AwardStatus
from liandong.matchmaking.models import Match

ENTERED = (ServiceKind.VISIT, ServiceKind.CONSULTATION)
"""Kinds entered by district staff (no source)."""
SOURCES = ("appeal", "match", "match-party", "briefing", "award", "activity")
"""The sources the sync copies from."""
EVENT_KINDS = {
    Event.Kind.BRIEFING: ServiceKind.BRIEFING, Event.Kind.TRAINING: ServiceKind.BRIEFING,
    Event.Kind.MATCHMAKING: ServiceKind.INTRODUCTION, Event.Kind.ROADSHOW: ServiceKind.INTRODUCTION,
    Event.Kind.ROTATION: ServiceKind.ACTIVITY, Event.Kind.VISIT: ServiceKind.ACTIVITY,
}
FIELDS = ("enterprise_id", "on", "month", "kind", "unit_id", "chain_id", "title", "link")
Row = tuple  # FIELDS in order


def _link(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page not (yet) served: the record shows without a link
        return ""


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def key_chains(enterprise_ids: Iterable[int] | None) -> dict[int, int]:
    """Each enterprise's first key chain (the default chains, in their order) it holds a position on."""
    qs = EnterprisePosition.objects.filter(chain__code__in=list(key_chain_codes()))
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    out: dict[int, int] = {}
    for enterprise_id, chain_id in qs.order_by("enterprise_id", "chain__order", "chain__code").values_list(
            "enterprise_id", "chain_id"):
        out.setdefault(enterprise_id, chain_id)
    return out


def _scoped(qs: QuerySet, field: str, enterprise_ids: list[int] | None) -> QuerySet:
    return qs if enterprise_ids is None else qs.filter(**{f"{field}__in": enterprise_ids})


def wanted_rows(enterprise_ids: list[int] | None = None) -> dict[tuple[str, int], list]:
    """(source, source_id) → the record's FIELDS, with ``chain_id`` None where the source has none
    (filled with the enterprise's key chain by the caller)."""
    rows: dict[tuple[str, int], list] = {}

    def put(source: str, source_id: int, enterprise_id: int, on: dt.date, kind: str, unit_id, chain_id,
            title: str, link: str) -> None:
        rows[(source, source_id)] = [enterprise_id, on, on.strftime("%Y-%m"), kind, unit_id, chain_id,
                                     (title or "")[:200], link[:200]]

    appeals = _scoped(Appeal.objects.exclude(status=Appeal.Status.MERGED), "enterprise_id", enterprise_ids)
    for pk, ent, at, dept, title, number in appeals.values_list(
            "pk", "enterprise_id", "submitted_at", "lead_department_id", "title", "number"):
        put("appeal", pk, ent, _day(at), ServiceKind.APPEAL, dept, None, title, _link("appeals:detail", number))

    matches = Match.objects.filter(introduced_at__isnull=False)
    if enterprise_ids is not None:
        matches = matches.filter(Q(need__enterprise_id__in=enterprise_ids) | Q(supplier_id__in=enterprise_ids))
    for pk, need_id, need_ent, supplier, at, unit, chain, title in matches.values_list(
            "pk", "need_id", "need__enterprise_id", "supplier_id", "introduced_at", "introduced_by__organization_id",
            "need__node__chain_id", "need__title"):
        link = _link("matchmaking:need", need_id)
        put("match", pk, need_ent, _day(at), ServiceKind.INTRODUCTION, unit, chain, title, link)
        put("match-party", pk, supplier, _day(at), ServiceKind.INTRODUCTION, unit, chain, title, link)

    regs = _scoped(Registration.objects.filter(checked_in_at__isnull=False)
                   .exclude(event__in=Activity.objects.filter(event__isnull=False).values("event_id")),
                   "enterprise_id", enterprise_ids)
    regs = list(regs.values_list("pk", "enterprise_id", "checked_in_at", "event_id", "event__kind",
                                 "event__organiser_id", "event__title"))
    event_chain: dict[int, int | None] = {}
    for event_id, n, chain in (Event.chains.through.objects.filter(event_id__in={r[3] for r in regs})
                               .values("event_id").annotate(n=Count("chain_id"), chain=Min("chain_id"))
                               .values_list("event_id", "n", "chain")):
        event_chain[event_id] = chain if n == 1 else None
    for pk, ent, at, event_id, kind, organiser, title in regs:
        put("briefing", pk, ent, _day(at), EVENT_KINDS.get(kind, ServiceKind.ACTIVITY), organiser,
            event_chain.get(event_id), title, _link("events:detail", event_id))

    awards = list(_scoped(Award.objects.filter(status=AwardStatus.DISBURSED), "enterprise_id", enterprise_ids)
                  .values_list("pk", "enterprise_id", "date", "created_at", "program_year__program__department_id",
                               "program_year__program__name", "project"))
    paid = dict(AwardEvent.objects.filter(award_id__in=[a[0] for a in awards], to_status=AwardStatus.DISBURSED)
                .order_by().values("award_id").annotate(on=Min("on")).values_list("award_id", "on"))
    for pk, ent, date, created, dept, program, project in awards:
        on = paid.get(pk) or date or _day(created)
        put("award", pk, ent, on, ServiceKind.AWARD, dept, None, f"{program} · {project}", _link("funds:award", pk))

    through = Activity.participants.through.objects.filter(member__enterprise_id__isnull=False)
    through = _scoped(through, "member__enterprise_id", enterprise_ids)
    for pk, activity_id, ent, on, host_org, chain, title in through.values_list(
            "pk", "activity_id", "member__enterprise_id", "activity__date", "activity__host__organization_id",
            "activity__chain_id", "activity__title"):
        put("activity", pk, ent, on, ServiceKind.ACTIVITY, host_org, chain, title,
            _link("alliance:activity", activity_id))
    return rows


def service_records_sync(enterprise_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Bring the copied records up to date with their sources (all, or those of ``enterprise_ids``):
    insert the new, update the changed, delete those whose source is gone. Idempotent; returns the
    numbers written ({"created", "updated", "deleted"})."""
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    with transaction.atomic():
        wanted = wanted_rows(ids)
        chains = key_chains({row[0] for row in wanted.values()} if ids is None else ids)
        for row in wanted.values():
            if row[5] is None:
                row[5] = chains.get(row[0])
        stored = _scoped(ServiceRecord.objects.filter(source__in=SOURCES, source_id__isnull=False),
                         "enterprise_id", ids)
        existing = {(r.source, r.source_id): r for r in stored.only("id", "source", "source_id", *FIELDS)}
        if ids is not None:  # a source moved to one of these enterprises from elsewhere: update, not insert
            missing = defaultdict(list)
            for source, source_id in wanted.keys() - existing.keys():
                missing[source].append(source_id)
            for source, source_ids in missing.items():
                for r in ServiceRecord.objects.filter(source=source, source_id__in=source_ids).only(
                        "id", "source", "source_id", *FIELDS):
                    existing[(r.source, r.source_id)] = r
        changed = []
        for key, r in existing.items():
            row = wanted.get(key)
            if row is not None and [getattr(r, f) for f in FIELDS] != row:
                for f, value in zip(FIELDS, row, strict=True):
                    setattr(r, f, value)
                changed.append(r)
        gone = [r.pk for key, r in existing.items() if key not in wanted]
        new = [ServiceRecord(source=key[0], source_id=key[1], **dict(zip(FIELDS, row, strict=True)))
               for key, row in wanted.items() if key not in existing]
        if gone:
            ServiceRecord.objects.filter(pk__in=gone).delete()
        if changed:
            update_rows(ServiceRecord, FIELDS, changed)
        ServiceRecord.objects.bulk_create(new, batch_size=2000)
    return {"created": len(new), "updated": len(changed), "deleted": len(gone)}


# --- reads --------------------------------------------------------------------------------------------
def timeline(records: QuerySet[ServiceRecord], enterprise_id: int, kind: str = "") -> QuerySet[ServiceRecord]:
    """One enterprise's records, newest first (the (enterprise, on) index)."""
    qs = records.filter(enterprise_id=enterprise_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-on", "-id")


def _visible_source_ids(actor, source: str, ids: list[int]) -> set[int]:
    """Of ``ids`` of ``source``, those whose page the actor may open."""
    from liandong.alliance.selectors import activities_visible
    from liandong.appeals.selectors import appeals_visible
    from liandong.events.selectors import events_visible
    from liandong.funds.selectors import awards_visible
    from liandong.matchmaking.selectors import matches_visible

    if source == "appeal":
        qs = appeals_visible(actor).filter(pk__in=ids)
    elif source in ("match", "match-party"):
        qs = matches_visible(actor).filter(pk__in=ids)
    elif source == "briefing":
        qs = Registration.objects.filter(pk__in=ids, event__in=events_visible(actor))
    elif source == "award":
        qs = awards_visible(actor).filter(pk__in=ids)
    elif source == "activity":
        qs = Activity.participants.through.objects.filter(pk__in=ids, activity__in=activities_visible(actor))
    else:
        return set()
    return set(qs.values_list("pk", flat=True))


def entries(actor, records: Iterable[ServiceRecord]) -> list[dict[str, Any]]:
    """The timeline's entries: each record with its kind's label and its source's link when the actor
    may open the source (else no link); a visit's raised appeal likewise."""
    records = list(records)
    by_source: dict[str, list[int]] = defaultdict(list)
    for r in records:
        if r.source in SOURCES and r.source_id:
            by_source[r.source].append(r.source_id)
        if r.appeal_id:
            by_source["appeal"].append(r.appeal_id)
    allowed = {source: _visible_source_ids(actor, source, ids) for source, ids in by_source.items()}
    raised_ids = [r.appeal_id for r in records if r.appeal_id and r.appeal_id in allowed.get("appeal", ())]
    numbers = dict(Appeal.objects.filter(pk__in=raised_ids).values_list("pk", "number")) if raised_ids else {}
    out = []
    for r in records:
        may = r.source_id in allowed.get(r.source, ()) and bool(r.link)
        out.append({
            "record": r, "id": r.pk, "on": r.on, "kind": r.kind, "kind_label": ServiceKind(r.kind).label,
            "unit": r.unit.name if r.unit_id else "", "chain": r.chain.name if r.chain_id else "",
            "title": r.title, "link": r.link if may else "",
            "appeal_number": numbers.get(r.appeal_id, ""),
            "appeal_link": _link("appeals:detail", numbers[r.appeal_id]) if r.appeal_id in numbers else "",
        })
    return out


def counts(first_month: str, last_month: str) -> dict[str, Any]:
    """家次 in the months ``first_month``..``last_month`` (YYYY-MM, both included): one GROUP BY over
    (month, unit, chain, kind), folded into the totals by unit, by chain, by month and by kind."""
    from liandong.accounts.models import Organization
    from liandong.chains.models import Chain

    groups = (ServiceRecord.objects.filter(month__gte=first_month, month__lte=last_month).order_by()
              .values_list("month", "unit_id", "chain_id", "kind").annotate(n=Count("id")))
    by_month: dict[str, int] = defaultdict(int)
    by_unit: dict[int | None, int] = defaultdict(int)
    by_chain: dict[int | None, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    total = 0
    for month, unit, chain, kind, n in groups:
        by_month[month] += n
        by_unit[unit] += n
        by_chain[chain] += n
        by_kind[kind] += n
        total += n
    units = dict(Organization.objects.filter(pk__in=[u for u in by_unit if u]).values_list("pk", "name"))
    chain_names = dict(Chain.objects.filter(pk__in=[c for c in by_chain if c]).values_list("pk", "name"))
    months = months_between(first_month, last_month)

    def ranked(counter: dict, names: dict) -> list[dict[str, Any]]:
        rows = [{"id": key, "name": names.get(key, ""), "count": n} for key, n in counter.items()]
        return sorted(rows, key=lambda r: (r["id"] is None, -r["count"], r["name"]))

    return {
        "from": first_month, "to": last_month, "total": total,
        "by_month": [{"month": m, "count": by_month.get(m, 0)} for m in months],
        "by_unit": ranked(by_unit, units),
        "by_chain": ranked(by_chain, chain_names),
        "by_kind": [{"kind": k.value, "label": str(k.label), "count": by_kind.get(k.value, 0)} for k in ServiceKind],
    }


def month_range(params) -> tuple[str, str]:
    """The ``from``/``to`` months asked for (YYYY-MM), by default the last 12 months to this one."""
    today = timezone.localdate()
    last = params.get("to") or f"{today:%Y-%m}"
    if not is_month(last):
        raise ApplicationError(_("Enter a month as YYYY-MM."), {"field": "to"})
    first = params.get("from")
    if not first:
        y, m = int(last[:4]), int(last[5:7]) - 11
        if m <= 0:
            y, m = y - 1, m + 12
        first = f"{y:04d}-{m:02d}"
    if not is_month(first):
        raise ApplicationError(_("Enter a month as YYYY-MM."), {"field": "from"})
    if first > last:
        raise ApplicationError(_("The first month comes after the last."), {"field": "from"})
    return first, last


def months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out

