"""The alliance's API (docs/api.md#alliance): members, pairings, activities, rota and summary here;
the resource catalogue (``api_catalogue``, /alliance/resources) and the service record (``api_records``,
/alliance/services) are mounted on their own in apps.py (a nested router loses its slash in the schema).

Reads go through the caller's scope (another unit's ids answer 404); writes through the services
(the alliance office; others 403)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from liandong.alliance import selectors, services
from liandong.alliance.forms import month_ok
from liandong.alliance.models import Activity, Member, MemberRole, MemberType, Outcome, Pairing, PairingLog
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError

router = Router(tags=["alliance"])


def _page(qs, page: int, page_size: int, payload) -> dict[str, Any]:
    page_size = max(1, min(page_size, 200))
    page = max(page, 1)
    start = (page - 1) * page_size
    return {"count": qs.count(), "page": page, "page_size": page_size,
            "items": [payload(x) for x in qs[start:start + page_size]]}


def _reader(actor) -> None:
    if not selectors.can_read_alliance(actor):
        raise NotFoundError("alliance")


def _office(actor) -> None:
    if not selectors.can_write_alliance(actor):
        raise PermissionDeniedError(_("Only the alliance office changes the alliance."))


def _chain(code: str | None):
    if not code:
        return None
    return selectors.chain_by_text(code)


def _member(actor, member_id: int | None, field: str) -> Member:
    found = selectors.members_visible(actor).filter(pk=member_id).first() if member_id else None
    if found is None:
        raise ApplicationError(_("Unknown member."), {"field": field})
    return found


# --- payloads -------------------------------------------------------------------------------------
def member_ref(m: Member | None) -> dict[str, Any] | None:
    return None if m is None else {"id": m.pk, "name": m.name, "uscc": m.uscc, "type": m.type}


def member_payload(m: Member) -> dict[str, Any]:
    return {"id": m.pk, "name": m.name, "uscc": m.uscc, "type": m.type, "role": m.role,
            "chains": [c.code for c in m.chains.all()], "joined": m.joined, "contact": m.contact or None,
            "phone": m.phone or None, "enterprise": m.enterprise.uscc if m.enterprise_id else None}


def pairing_payload(p: Pairing) -> dict[str, Any]:
    return {"id": p.pk, "a": member_ref(p.a), "b": member_ref(p.b), "kind": p.kind, "since": p.since,
            "goals": p.goals}


def log_payload(log: PairingLog) -> dict[str, Any]:
    return {"id": log.pk, "on": log.on, "text": log.text, "author": str(log.author) if log.author_id else None}


def outcome_payload(o: Outcome) -> dict[str, Any]:
    return {"id": o.pk, "activity": o.activity_id, "a": member_ref(o.a), "b": member_ref(o.b),
            "description": o.description, "match": o.match_id,
            "match_status": o.match.status if o.match_id else None,
            "need": o.match.need_id if o.match_id else None}


def activity_payload(a: Activity, *, full: bool = False) -> dict[str, Any]:
    out = {"id": a.pk, "code": a.code, "title": a.title, "chain": a.chain.code if a.chain_id else None,
           "date": a.date, "host": member_ref(a.host), "rota": a.rota, "summary": a.summary,
           "event": a.event_id}
    if full:
        out["participants"] = [member_ref(m) for m in a.participants.order_by("type", "name")]
        out["outcomes"] = [outcome_payload(o) for o in a.outcomes.select_related("a", "b", "match")]
    else:
        out["participants"] = getattr(a, "n_participants", None)
    return out


# --- summary --------------------------------------------------------------------------------------
@router.get("/summary", response=dict[str, Any])
def summary(request, as_of: dt.date | None = None):
    """The JSON of ``liandong alliance summary`` (docs/cli.md#alliance-summary); district staff (403 otherwise)."""
    if not selectors.reads_directory(request.auth):
        raise PermissionDeniedError(_("District staff only."))
    return selectors.summary(as_of=as_of or timezone.localdate())


# --- members --------------------------------------------------------------------------------------
class MemberIn(Schema):
    name: str
    type: str = MemberType.ENTERPRISE
    role: str = MemberRole.MEMBER
    chains: list[str] = []
    uscc: str = ""
    joined: dt.date | None = None
    contact: str = ""
    phone: str = ""


class MemberPatch(Schema):
    name: str | None = None
    type: str | None = None
    role: str | None = None
    chains: list[str] | None = None
    uscc: str | None = None
    joined: dt.date | None = None
    contact: str | None = None
    phone: str | None = None


@router.get("/members", response=dict[str, Any])
def member_list(request, chain: str = "", type: str = "", role: str = "", q: str = "", page: int = 1,
                page_size: int = 50):
    """Members the caller may see: ``chain`` (code or name), ``type``, ``role``, ``q`` (name, USCC, contact)."""
    _reader(request.auth)
    qs = selectors.members_filtered(actor=request.auth, chain=_chain(chain), type=type, role=role, q=q) \
        .select_related("enterprise")
    return _page(qs, page, page_size, member_payload)


@router.post("/members", response={201: dict[str, Any]})
def member_create(request, data: MemberIn):
    member = services.member_save(actor=request.auth, name=data.name, type=data.type, role=data.role,
                                  chains=data.chains, uscc=data.uscc, joined=data.joined, contact=data.contact,
                                  phone=data.phone)
    return Status(201, member_payload(member))


@router.get("/members/{member_id}", response=dict[str, Any])
def member_detail(request, member_id: int):
    _reader(request.auth)
    member = selectors.member_get(actor=request.auth, member_id=member_id)
    out = member_payload(member)
    out["pairings"] = [pairing_payload(p) for p in selectors.pairings_filtered(actor=request.auth, member=member)]
    out["activities"] = [activity_payload(a) for a in selectors.activities_filtered(actor=request.auth, member=member)]
    return out


@router.patch("/members/{member_id}", response=dict[str, Any])
def member_update(request, member_id: int, data: MemberPatch):
    """Change the fields sent (the others stay)."""
    member = selectors.member_get(actor=request.auth, member_id=member_id)
    sent = data.dict(exclude_unset=True)
    current = {"name": member.name, "type": member.type, "role": member.role, "uscc": member.uscc or "",
               "chains": list(member.chains.values_list("code", flat=True)), "joined": member.joined,
               "contact": member.contact, "phone": member.phone}
    values = {**current, **{k: v for k, v in sent.items() if v is not None or k == "joined"}}
    saved = services.member_save(actor=request.auth, member=member, **values)
    return member_payload(saved)


# --- pairings -------------------------------------------------------------------------------------
class PairingIn(Schema):
    a: int
    b: int
    kind: str = ""
    since: dt.date | None = None
    goals: str = ""


class LogIn(Schema):
    on: dt.date
    text: str


@router.get("/pairings", response=dict[str, Any])
def pairing_list(request, chain: str = "", member: int | None = None, page: int = 1, page_size: int = 50):
    _reader(request.auth)
    found = selectors.member_get(actor=request.auth, member_id=member) if member else None
    qs = selectors.pairings_filtered(actor=request.auth, chain=_chain(chain), member=found)
    return _page(qs, page, page_size, pairing_payload)


@router.post("/pairings", response={201: dict[str, Any]})
def pairing_create(request, data: PairingIn):
    _office(request.auth)
    pairing = services.pairing_create(actor=request.auth, a=_member(request.auth, data.a, "a"),
                                      b=_member(request.auth, data.b, "b"), kind=data.kind, since=data.since,
                                      goals=data.goals)
    return Status(201, pairing_payload(pairing))


@router.get("/pairings/suggestions", response=list[dict[str, Any]])
def pairing_suggestions(request, chain: str, limit: int = 30):
    """Suggested pairs of the chain's enterprise members, best first, with reasons; district staff who
    read the whole alliance (404 otherwise)."""
    if not selectors.reads_whole_alliance(request.auth):
        raise NotFoundError("suggestions")
    found = selectors.pairing_suggestions(actor=request.auth, chain=selectors.chain_by_text(chain),
                                          limit=max(1, min(limit, 100)))
    return [{"upstream": member_ref(s["upstream"]), "downstream": member_ref(s["downstream"]), "links": s["links"],
             "reasons": s["reasons"]} for s in found]


@router.get("/pairings/{pairing_id}", response=dict[str, Any])
def pairing_detail(request, pairing_id: int):
    _reader(request.auth)
    pairing = selectors.pairing_get(actor=request.auth, pairing_id=pairing_id)
    return {**pairing_payload(pairing), "logs": [log_payload(x) for x in pairing.logs.select_related("author")]}


@router.post("/pairings/{pairing_id}/logs", response={201: dict[str, Any]})
def pairing_log_add(request, pairing_id: int, data: LogIn):
    """The office, or staff of either paired unit."""
    _reader(request.auth)
    pairing = selectors.pairing_get(actor=request.auth, pairing_id=pairing_id)
    log = services.pairing_log_add(actor=request.auth, pairing=pairing, on=data.on, text=data.text)
    return Status(201, log_payload(log))


# --- activities -----------------------------------------------------------------------------------
class ActivityIn(Schema):
    title: str
    date: dt.date
    chain: str | None = None
    host: int | None = None
    participants: list[int] = []
    rota: bool = False
    summary: str = ""
    code: str = ""


class OutcomeIn(Schema):
    a: int
    b: int
    description: str


class IntroduceIn(Schema):
    buyer: int
    title: str = ""


@router.get("/activities", response=dict[str, Any])
def activity_list(request, chain: str = "", year: int | None = None, page: int = 1, page_size: int = 50):
    _reader(request.auth)
    qs = selectors.activities_filtered(actor=request.auth, chain=_chain(chain), year=year)
    return _page(qs, page, page_size, activity_payload)


@router.post("/activities", response={201: dict[str, Any]})
def activity_create(request, data: ActivityIn):
    _office(request.auth)
    visible = selectors.members_visible(request.auth)
    host = _member(request.auth, data.host, "host") if data.host else None
    participants = list(visible.filter(pk__in=data.participants))
    if len(participants) != len(set(data.participants)):
        raise ApplicationError(_("Unknown member."), {"field": "participants"})
    activity = services.activity_save(actor=request.auth, title=data.title, date=data.date, chain=data.chain,
                                      host=host, participants=participants, rota=data.rota, summary=data.summary,
                                      code=data.code)
    return Status(201, activity_payload(activity, full=True))


@router.get("/activities/{activity_id}", response=dict[str, Any])
def activity_detail(request, activity_id: int):
    _reader(request.auth)
    return activity_payload(selectors.activity_get(actor=request.auth, activity_id=activity_id), full=True)


@router.post("/activities/{activity_id}/outcomes", response={201: dict[str, Any]})
def outcome_add(request, activity_id: int, data: OutcomeIn):
    """A cooperation intention between two participants (the office)."""
    _reader(request.auth)
    activity = selectors.activity_get(actor=request.auth, activity_id=activity_id)
    outcome = services.outcome_add(actor=request.auth, activity=activity, a=_member(request.auth, data.a, "a"),
                                   b=_member(request.auth, data.b, "b"), description=data.description)
    return Status(201, outcome_payload(outcome))


@router.post("/outcomes/{outcome_id}/introduce", response=dict[str, Any])
def outcome_introduce(request, outcome_id: int, data: IntroduceIn):
    """The intention becomes a matchmaking introduction: ``buyer`` (one of the two) needs, the other supplies."""
    _reader(request.auth)
    outcome = selectors.outcome_get(actor=request.auth, outcome_id=outcome_id)
    buyer = {outcome.a_id: outcome.a, outcome.b_id: outcome.b}.get(data.buyer)
    if buyer is None:
        raise ApplicationError(_("The buyer is one of the two units."), {"field": "buyer"})
    outcome = services.outcome_introduce(actor=request.auth, outcome=outcome, buyer=buyer, title=data.title)
    return outcome_payload(outcome)


# --- the rota -------------------------------------------------------------------------------------
class RotaIn(Schema):
    host: int | None = None


@router.get("/rota", response=dict[str, Any])
def rota(request, chain: str, months: int = 12, from_: str | None = Query(None, alias="from")):  # noqa: B008
    """The JSON of ``liandong alliance rota`` (docs/cli.md#alliance-rota): ``from`` YYYY-MM (default this month)."""
    if not selectors.reads_directory(request.auth):
        raise NotFoundError("rota")
    first = from_ or timezone.localdate().strftime("%Y-%m")
    if not month_ok(first):
        raise ApplicationError(_("Enter a month as YYYY-MM."), {"field": "from"})
    return selectors.rota(chain=selectors.chain_by_text(chain), first_month=first, months=max(1, min(months, 36)))


@router.put("/rota/{chain}/{month}", response=dict[str, Any])
def rota_set(request, chain: str, month: str, data: RotaIn):
    """Set a month's host (a member id, an enterprise member of the chain), or clear it with null."""
    if not selectors.reads_directory(request.auth):
        raise NotFoundError("rota")
    found = selectors.chain_by_text(chain)
    if not month_ok(month):
        raise ApplicationError(_("Enter a month as YYYY-MM."), {"field": "month"})
    host = selectors.members_visible(request.auth).filter(pk=data.host).first() if data.host else None
    if data.host and host is None:
        raise ApplicationError(_("Unknown member."), {"field": "host"})
    slot = services.rota_set(actor=request.auth, chain=found, month=month, host=host)
    return {"chain": found.code, "month": month, "member_id": slot.host_id if slot else None,
            "host": slot.host.name if slot else None}
