"""Writes of the alliance: members, pairings and their log, activities and their outcomes, the rota.

Each is one transaction under the audit trail, checked against the alliance office's scope
(selectors.can_write_alliance): district admins on every chain, chain officers on theirs. A
cooperation intention becomes a matchmaking introduction through the matchmaking app's services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts.names import OrganizationNames
from liandong.alliance import selectors
from liandong.alliance.imports import KIND_BY_ZH, default_kind
from liandong.alliance.lookup import TYPE_BY_ZH
from liandong.alliance.models import (
    Activity,
    Member,
    MemberRole,
    MemberType,
    Outcome,
    Pairing,
    PairingKind,
    PairingLog,
    RotaSlot,
)
from liandong.chains.models import Chain
from liandong.core.audit import audited
from liandong.core.db import data_changed
from liandong.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from liandong.engines import uscc as uscc_engine
from liandong.engines.alliance.rota import is_month
from liandong.engines.names import org_key
from liandong.enterprises.models import Enterprise


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _require(actor, chain_ids: Iterable[int]) -> None:
    """The actor writes the alliance of every chain in ``chain_ids`` (admins: any, even none)."""
    if not selectors.can_write_alliance(actor, set(chain_ids) if selectors.writable_chain_ids(actor) is not None
                                        else None):
        _refuse(actor)


def _require_any(actor, chain_ids: Iterable[int]) -> None:
    """The actor writes the alliance of at least one chain in ``chain_ids`` (admins: always)."""
    writable = selectors.writable_chain_ids(actor)
    if writable is None:
        return
    if not writable & set(chain_ids):
        _refuse(actor)


def _refuse(actor) -> None:
    if selectors.writable_chain_ids(actor):
        raise PermissionDeniedError(_("You may change the alliance of your chains only."))
    raise PermissionDeniedError(_("Only the alliance office changes the alliance."))


def _chains(values: Iterable[Any]) -> list[Chain]:
    out = []
    for value in values:
        chain = value if isinstance(value, Chain) else (
            Chain.objects.filter(pk=value).first() if isinstance(value, int) else
            Chain.objects.filter(code=value).first() or Chain.objects.filter(name=value).first())
        if chain is None:
            raise ApplicationError(_("Unknown chain: %(name)s.") % {"name": value}, {"field": "chains"})
        if chain not in out:
            out.append(chain)
    return out


def _choice(value: str, choices, by_zh: dict[str, str], field: str, message: str) -> str:
    if value in choices.values:
        return value
    if value in by_zh:
        return by_zh[value]
    raise ApplicationError(message, {"field": field})


def _member_chain_ids(member: Member) -> set[int]:
    return set(member.chains.values_list("id", flat=True)) if member.pk else set()


# --- members --------------------------------------------------------------------------------------
def member_save(*, actor, member: Member | None = None, name: str, type: str = MemberType.ENTERPRISE,
                role: str = MemberRole.MEMBER, chains: Iterable[Any] = (), uscc: str = "",
                joined: dt.date | None = None, contact: str = "", phone: str = "") -> Member:
    """Create or change a member. The unit is found once however its name is written: a second
    member with the same normalised name or USCC is refused, naming it. A chain officer changes
    members of their chains and only their chains' links (a member's other chains stay)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Enter the unit's name."), {"field": "name"})
    key = org_key(name)
    type_ = _choice(type, MemberType, TYPE_BY_ZH, "type", _("Choose the unit's type."))
    role_ = _choice(role, MemberRole, {}, "role", _("Choose the unit's role."))
    code = None
    if uscc and uscc.strip():
        try:
            code = uscc_engine.validate(uscc).value
        except uscc_engine.UsccError as err:
            raise ApplicationError(_("Not a valid USCC."), {"field": "uscc"}) from err
    picked = _chains(chains)
    before = _member_chain_ids(member) if member else set()
    after = {c.id for c in picked}
    _require_any(actor, before | after)  # a chain officer: a member of their chains,
    if before ^ after:
        _require(actor, before ^ after)  # and only their chains' links change
    clash = Member.objects.filter(name_key=key) | (Member.objects.filter(uscc=code) if code else Member.objects.none())
    if member is not None:
        clash = clash.exclude(pk=member.pk)
    other = clash.first()
    if other is not None:
        field = "uscc" if code and other.uscc == code else "name"
        raise ConflictError(_("%(name)s is already a member of the alliance.") % {"name": other.name},
                            {"field": field, "member": other.pk})
    enterprise_id = None
    if type_ == MemberType.ENTERPRISE:
        enterprise_id = (Enterprise.objects.filter(uscc=code).values_list("id", flat=True).first() if code else None)
    organization_id = None
    if type_ != MemberType.ENTERPRISE:
        organization_id = OrganizationNames().get(name)
    with transaction.atomic(), audited(actor):
        member = member or Member()
        member.name, member.name_key, member.uscc, member.type, member.role = name, key, code, type_, role_
        member.joined, member.contact, member.phone = joined, (contact or "").strip(), (phone or "").strip()
        member.enterprise_id = enterprise_id if type_ == MemberType.ENTERPRISE else None
        member.organization_id = organization_id if type_ != MemberType.ENTERPRISE else None
        member.save()
        member.chains.set(sorted(after))
    transaction.on_commit(data_changed)
    return member


# --- pairings -------------------------------------------------------------------------------------
def pairing_create(*, actor, a: Member, b: Member, kind: str = "", since: dt.date | None = None,
                   goals: str = "") -> Pairing:
    """Pair two members (A–B is B–A); refused when they are already paired so."""
    if a.pk == b.pk:
        raise ApplicationError(_("A unit cannot pair with itself."), {"field": "b"})
    _require_any(actor, _member_chain_ids(a) | _member_chain_ids(b))
    if kind:
        kind = _choice(kind, PairingKind, KIND_BY_ZH, "kind", _("Choose the pairing type."))
    else:
        kind = default_kind(a, b)
    low, high = sorted((a, b), key=lambda m: m.pk)
    if Pairing.objects.filter(a=low, b=high, kind=kind).exists():
        raise ConflictError(_("These two units are already paired."), {"field": "b"})
    with transaction.atomic(), audited(actor):
        pairing = Pairing.objects.create(a=low, b=high, kind=kind, since=since, goals=(goals or "").strip())
    transaction.on_commit(data_changed)
    return pairing


def pairing_update(*, actor, pairing: Pairing, since: dt.date | None, goals: str) -> Pairing:
    _require_pairing(actor, pairing)
    with transaction.atomic(), audited(actor):
        pairing.since, pairing.goals = since, (goals or "").strip()
        pairing.save(update_fields=["since", "goals", "updated_at"])
    return pairing


def pairing_delete(*, actor, pairing: Pairing) -> None:
    _require_pairing(actor, pairing)
    with transaction.atomic(), audited(actor):
        pairing.delete()
    transaction.on_commit(data_changed)


def _require_pairing(actor, pairing: Pairing) -> None:
    _require_any(actor, _member_chain_ids(pairing.a) | _member_chain_ids(pairing.b))


def pairing_log_add(*, actor, pairing: Pairing, on: dt.date, text: str) -> PairingLog:
    """What the pairing did, dated: the office, or staff of either paired unit."""
    if not (text or "").strip():
        raise ApplicationError(_("Say what was done."), {"field": "text"})
    if on is None or on > timezone.localdate():
        raise ApplicationError(_("Enter a date that is not in the future."), {"field": "on"})
    if not ({pairing.a_id, pairing.b_id} & selectors.own_member_ids(actor)):
        _require_pairing(actor, pairing)
    with transaction.atomic(), audited(actor):
        return PairingLog.objects.create(pairing=pairing, on=on, text=text.strip(), author=_user(actor))


# --- activities -----------------------------------------------------------------------------------
def _next_code(day: dt.date) -> str:
    prefix = f"LJ{day.year}-"
    top = Activity.objects.filter(code__startswith=prefix).aggregate(top=Max("code"))["top"]
    n = int(top[len(prefix):]) + 1 if top and top[len(prefix):].isdigit() else 1
    return f"{prefix}{n:03d}"


def activity_save(*, actor, activity: Activity | None = None, title: str, date: dt.date, chain: Any = None,
                  host: Member | None = None, participants: Iterable[Member] = (), rota: bool = False,
                  summary: str = "", code: str = "") -> Activity:
    """Record or change a joint activity; the code is given or the next LJ<year>-NNN."""
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Enter the activity's title."), {"field": "title"})
    if date is None:
        raise ApplicationError(_("Enter the date."), {"field": "date"})
    chain_obj = _chains([chain])[0] if chain else None
    chain_ids = {chain_obj.id} if chain_obj else set()
    if activity is not None and activity.chain_id:
        chain_ids.add(activity.chain_id)
    _require(actor, chain_ids)
    if rota and (host is None or host.type != MemberType.ENTERPRISE):
        raise ApplicationError(_("A rotating-host activity is hosted by an enterprise member."), {"field": "host"})
    members = list({m.pk: m for m in participants}.values())
    with transaction.atomic(), audited(actor):
        activity = activity or Activity(code=(code or "").strip() or _next_code(date))
        activity.title, activity.date, activity.chain, activity.host = title, date, chain_obj, host
        activity.rota, activity.summary = bool(rota), (summary or "").strip()
        try:
            with transaction.atomic():
                activity.save()
        except IntegrityError as err:
            raise ConflictError(_("An activity with this code exists."), {"field": "code"}) from err
        activity.participants.set(members)
    transaction.on_commit(data_changed)
    return activity


def activity_link_event(*, actor, activity: Activity, event) -> Activity:
    """Check the activity's participants in through an event (events app): its checked-in
    enterprises that are members join the participants (``activity_sync_checkins``)."""
    _require(actor, {activity.chain_id} if activity.chain_id else set())
    with transaction.atomic(), audited(actor):
        activity.event = event
        activity.save(update_fields=["event", "updated_at"])
    return activity_sync_checkins(actor=actor, activity=activity)


def activity_sync_checkins(*, actor, activity: Activity) -> Activity:
    if activity.event_id is None:
        return activity
    from liandong.events.models import Registration

    checked = Registration.objects.filter(event_id=activity.event_id, checked_in_at__isnull=False) \
        .values_list("enterprise_id", flat=True)
    members = Member.objects.filter(enterprise_id__in=checked)
    with transaction.atomic(), audited(actor):
        activity.participants.add(*members)
    return activity


def outcome_add(*, actor, activity: Activity, a: Member, b: Member, description: str) -> Outcome:
    """A cooperation intention between two participants of the activity (合作意向)."""
    _require(actor, {activity.chain_id} if activity.chain_id else set())
    description = (description or "").strip()
    if not description:
        raise ApplicationError(_("Say what the two units intend to do together."), {"field": "description"})
    if a.pk == b.pk:
        raise ApplicationError(_("Name two different units."), {"field": "b"})
    present = set(activity.participants.values_list("id", flat=True)) | {activity.host_id}
    for field, member in (("a", a), ("b", b)):
        if member.pk not in present:
            raise ApplicationError(_("%(name)s did not take part in the activity.") % {"name": member.name},
                                   {"field": field})
    with transaction.atomic(), audited(actor):
        return Outcome.objects.create(activity=activity, a=a, b=b, description=description[:300],
                                      created_by=_user(actor))


def outcome_introduce(*, actor, outcome: Outcome, buyer: Member, title: str = "") -> Outcome:
    """The intention becomes a matchmaking introduction (官方撮合): the buyer's need, the other
    unit introduced as its supplier; followed on the matchmaking pages to a deal."""
    from liandong.matchmaking.services import match_introduce, need_create

    _require(actor, {outcome.activity.chain_id} if outcome.activity.chain_id else set())
    if outcome.match_id:
        raise ConflictError(_("This intention was already introduced."))
    if buyer.pk not in {outcome.a_id, outcome.b_id}:
        raise ApplicationError(_("The buyer is one of the two units."), {"field": "buyer"})
    seller = outcome.b if buyer.pk == outcome.a_id else outcome.a
    for field, member in (("buyer", buyer), ("seller", seller)):
        if member.enterprise_id is None:
            raise ApplicationError(_("%(name)s is not a registered enterprise.") % {"name": member.name},
                                   {"field": field})
    with transaction.atomic(), audited(actor):
        need = need_create(actor=actor, kind="need", title=(title or outcome.description)[:120],
                           text=_("Cooperation intention at %(activity)s: %(what)s") % {
                               "activity": outcome.activity.title, "what": outcome.description},
                           enterprise=buyer.enterprise.uscc)
        match = match_introduce(actor=actor, need=need, supplier=seller.enterprise.uscc,
                                reasons=[_("Cooperation intention at %(activity)s") % {"activity": outcome.activity.title}])
        outcome.match = match
        outcome.save(update_fields=["match", "updated_at"])
    transaction.on_commit(data_changed)
    return outcome


# --- the rota -------------------------------------------------------------------------------------
def rota_set(*, actor, chain: Chain, month: str, host: Member | None) -> RotaSlot | None:
    """Set (or with None clear) a month's host; the host must be an enterprise member of the chain."""
    _require(actor, {chain.id})
    if not is_month(month):
        raise ApplicationError(_("Enter a month as YYYY-MM."), {"field": "month"})
    with transaction.atomic(), audited(actor):
        if host is None:
            RotaSlot.objects.filter(chain=chain, month=month).delete()
            return None
        if host.type != MemberType.ENTERPRISE or not host.chains.filter(pk=chain.pk).exists():
            raise ApplicationError(_("The host is an enterprise member of the chain."), {"field": "host"})
        slot, _created = RotaSlot.objects.update_or_create(chain=chain, month=month,
                                                           defaults={"host": host, "updated_by": _user(actor)})
    return slot


def rota_adopt(*, actor, chain: Chain, first_month: str, months: int) -> int:
    """Keep the planned rota (selectors.rota) for these months: every month set as planned."""
    _require(actor, {chain.id})
    plan = selectors.rota(chain=chain, first_month=first_month, months=months)["rota"]
    with transaction.atomic(), audited(actor):
        n = 0
        for row in plan:
            if row["member_id"] and not row["set"]:
                RotaSlot.objects.update_or_create(chain=chain, month=row["month"],
                                                  defaults={"host_id": row["member_id"], "updated_by": _user(actor)})
                n += 1
    return n
