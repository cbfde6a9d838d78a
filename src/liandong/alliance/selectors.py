"""What each actor may see of the alliance (docs/domains/alliance.md#who-sees-what) and the reads
the pages, API and CLI share.

- The alliance office writes: district admins (every chain) and chain officers (their chains).
- District staff read the whole alliance: admins, chain officers and analysts. Department staff read
  the member directory, the catalogue, and the pairings and activities of their own unit.
- Enterprise users read their own enterprise's pairings, activities and service timeline, and the
  catalogue; never another enterprise's, whatever id they try (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from liandong.accounts import scoping
from liandong.alliance.lookup import ZH_BY_TYPE, ChainNames
from liandong.alliance.models import (
    Activity,
    Member,
    MemberRole,
    MemberType,
    Pairing,
    RotaSlot,
    ServiceRecord,
)
from liandong.chains.defaults import key_chain_codes
from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition, SupplyRelation
from liandong.core.errors import NotFoundError
from liandong.engines.alliance import RotaMember, plan_rota, suggest_pairings
from liandong.engines.alliance.rota import months_from
from liandong.enterprises.selectors import enterprises_visible


def can_read_alliance(actor) -> bool:
    return scoping.role_of(actor) is not None


def reads_whole_alliance(actor) -> bool:
    return scoping.role_of(actor) in {scoping.ADMIN, scoping.CHAIN_OFFICER, scoping.ANALYST}


def can_write_alliance(actor, chain_ids: set[int] | None = None) -> bool:
    """The alliance office: admins, and chain officers for ``chain_ids`` (all of them on their chains;
    None: on at least one chain of theirs)."""
    role = scoping.role_of(actor)
    if role == scoping.ADMIN:
        return True
    if role != scoping.CHAIN_OFFICER:
        return False
    mine = scoping.officer_chain_ids(actor)
    return bool(mine) if chain_ids is None else bool(chain_ids) and chain_ids <= mine


def writable_chain_ids(actor) -> set[int] | None:
    """Chains the actor may write the alliance of (None: every chain)."""
    role = scoping.role_of(actor)
    if role == scoping.ADMIN:
        return None
    if role == scoping.CHAIN_OFFICER:
        return set(scoping.officer_chain_ids(actor))
    return set()


def own_member_ids(actor) -> set[int]:
    """The members that are the actor's unit: their enterprise, or their department (organization)."""
    role = scoping.role_of(actor)
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        return set(Member.objects.filter(enterprise_id=actor.enterprise_id).values_list("id", flat=True))
    if role == scoping.DEPARTMENT and getattr(actor, "organization_id", None):
        return set(Member.objects.filter(organization_id=actor.organization_id).values_list("id", flat=True))
    return set()


def members_visible(actor) -> QuerySet[Member]:
    """District staff see the directory; an enterprise user sees its own member and those it pairs
    with or meets at an activity (its hosts and participants)."""
    role = scoping.role_of(actor)
    if role in scoping.DISTRICT_STAFF:
        return Member.objects.all()
    if role == scoping.ENTERPRISE:
        mine = own_member_ids(actor)
        paired = Pairing.objects.filter(Q(a_id__in=mine) | Q(b_id__in=mine)).values_list("a_id", "b_id")
        ids = set(mine) | {i for pair in paired for i in pair}
        met = Activity.objects.filter(Q(participants__in=mine) | Q(host_id__in=mine))
        ids |= set(Activity.participants.through.objects.filter(activity__in=met).values_list("member_id", flat=True))
        ids |= set(met.exclude(host_id__isnull=True).values_list("host_id", flat=True))
        return Member.objects.filter(id__in=ids)
    return Member.objects.none()


def pairings_visible(actor) -> QuerySet[Pairing]:
    if reads_whole_alliance(actor):
        return Pairing.objects.all()
    mine = own_member_ids(actor)
    return Pairing.objects.filter(Q(a_id__in=mine) | Q(b_id__in=mine))


def activities_visible(actor) -> QuerySet[Activity]:
    if reads_whole_alliance(actor):
        return Activity.objects.all()
    mine = own_member_ids(actor)
    return Activity.objects.filter(Q(participants__in=mine) | Q(host_id__in=mine)).distinct()


def service_records_visible(actor) -> QuerySet[ServiceRecord]:
    """District staff read every record; an enterprise user its own enterprise's."""
    role = scoping.role_of(actor)
    if role in scoping.DISTRICT_STAFF:
        return ServiceRecord.objects.all()
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        return ServiceRecord.objects.filter(enterprise_id=actor.enterprise_id)
    return ServiceRecord.objects.none()


def member_get(*, actor, member_id: int) -> Member:
    member = members_visible(actor).filter(pk=member_id).first()
    if member is None:
        raise NotFoundError("member")
    return member


def pairing_get(*, actor, pairing_id: int) -> Pairing:
    pairing = pairings_visible(actor).select_related("a", "b").filter(pk=pairing_id).first()
    if pairing is None:
        raise NotFoundError("pairing")
    return pairing


def activity_get(*, actor, activity_id: int) -> Activity:
    activity = activities_visible(actor).select_related("chain", "host").filter(pk=activity_id).first()
    if activity is None:
        raise NotFoundError("activity")
    return activity


def enterprise_for_timeline(*, actor, enterprise_id: int):
    """The enterprise whose service timeline the actor may read (404 otherwise)."""
    enterprise = enterprises_visible(actor).filter(pk=enterprise_id).first()
    if enterprise is None or not (scoping.role_of(actor) in scoping.DISTRICT_STAFF
                                  or enterprise.pk == getattr(actor, "enterprise_id", None)):
        raise NotFoundError("enterprise")
    return enterprise


# --- the contract's summary (docs/cli.md#alliance-summary) ------------------------------------------
def summary(*, as_of: dt.date) -> dict[str, Any]:
    """Members joined on or before ``as_of`` (each unit once, whatever its chains; a member with no
    joining date counts as joined), pairings since on or before it, activities dated on or before it."""
    members = Member.objects.filter(Q(joined__lte=as_of) | Q(joined__isnull=True))
    by_type = dict.fromkeys(ZH_BY_TYPE.values(), 0)
    for type_, n in members.order_by().values_list("type").annotate(n=Count("id")):
        by_type[ZH_BY_TYPE[type_]] = n
    per_chain = dict(members.filter(chains__isnull=False).order_by().values_list("chains").annotate(n=Count("id", distinct=True)))
    key_codes = set(key_chain_codes())
    by_chain = [{"code": c.code, "name": c.name, "members": per_chain.get(c.id, 0)}
                for c in Chain.objects.order_by("order", "code") if c.id in per_chain or c.code in key_codes]
    return {
        "as_of": as_of.isoformat(),
        "members": members.count(),
        "by_type": by_type,
        "by_chain": by_chain,
        "pairings": Pairing.objects.filter(Q(since__lte=as_of) | Q(since__isnull=True)).count(),
        "activities": Activity.objects.filter(date__lte=as_of).count(),
    }


# --- the rota (docs/cli.md#alliance-rota) -----------------------------------------------------------
def chain_by_text(text: str) -> Chain:
    chain = ChainNames().get(text)
    if chain is None:
        raise NotFoundError("chain", {"chain": text})
    return chain


def rota(*, chain: Chain, first_month: str, months: int) -> dict[str, Any]:
    """The chain's rotating host for ``months`` months from ``first_month`` (engines.alliance.rota):
    months the office set are kept, the others planned among the chain's enterprise members."""
    hosts = list(Member.objects.filter(chains=chain, type=MemberType.ENTERPRISE).order_by("joined", "name", "id"))
    last = dict(Activity.objects.filter(chain=chain, host__in=hosts).order_by().values_list("host_id")
                .annotate(last=Max("date")))
    wanted = months_from(first_month, months)
    fixed = dict(RotaSlot.objects.filter(chain=chain, month__in=wanted).values_list("month", "host_id"))
    by_id = {m.pk: m for m in hosts}
    by_id.update({m.pk: m for m in Member.objects.filter(pk__in=set(fixed.values()) - set(by_id))})
    plan = plan_rota([RotaMember(m.pk, last.get(m.pk)) for m in hosts], wanted, fixed)
    return {"chain": {"code": chain.code, "name": chain.name}, "from": first_month, "months": months,
            "rota": [{"month": month, "host": by_id[key].name if key else None, "member_id": key,
                      "uscc": by_id[key].uscc if key else None, "set": month in fixed} for month, key in plan]}


# --- pairing suggestions (docs/domains/alliance.md#pairing-suggestions) -----------------------------
def pairing_suggestions(*, actor, chain: Chain, limit: int = 30, per_member: int = 3) -> list[dict[str, Any]]:
    """Enterprise members of ``chain`` on directly linked nodes (a chain edge, upstream → downstream)
    that neither trade nor are paired yet, best first, with reasons (engines.alliance.suggestions).
    District staff only."""
    if not reads_whole_alliance(actor):
        return []
    members = {m.pk: m for m in Member.objects.filter(chains=chain, type=MemberType.ENTERPRISE,
                                                      enterprise__isnull=False)}
    by_enterprise = {m.enterprise_id: m.pk for m in members.values()}
    positions: dict[int, set[int]] = {}
    for ent, node in EnterprisePosition.objects.filter(chain=chain, enterprise_id__in=list(by_enterprise)) \
            .values_list("enterprise_id", "node_id"):
        positions.setdefault(by_enterprise[ent], set()).add(node)
    nodes = {n.pk: n for n in ChainNode.objects.filter(chain=chain)}
    edges = list(ChainEdge.objects.filter(source__chain=chain, target__chain=chain).values_list("source_id", "target_id"))
    trading = [(by_enterprise[s], by_enterprise[c]) for s, c in SupplyRelation.objects.filter(
        supplier_id__in=list(by_enterprise), customer_id__in=list(by_enterprise)).values_list("supplier_id", "customer_id")]
    paired = list(Pairing.objects.filter(a_id__in=list(members), b_id__in=list(members)).values_list("a_id", "b_id"))
    found = suggest_pairings(positions=positions, edges=edges, node_chain=dict.fromkeys(nodes, chain.pk),
                             node_names={pk: n.name for pk, n in nodes.items()}, trading=trading, paired=paired,
                             masters=[pk for pk, m in members.items() if m.role == MemberRole.MASTER], limit=limit,
                             per_member=per_member)
    names = {pk: m.name for pk, m in members.items()}
    return [{"upstream": members[c.upstream], "downstream": members[c.downstream], "links": len(c.links),
             "reasons": c.reasons(names)} for c in found]


# --- pages and API (al-pages): filters, a chain's figures, structure and network ---------------------
def reads_directory(actor) -> bool:
    """District staff (department staff too) read the member directory, the rota and the chain pages."""
    return scoping.role_of(actor) in scoping.DISTRICT_STAFF


def overview_chains() -> list[Chain]:
    """The chains the overview offers: the five key chains, then any other chain with members."""
    key_codes = set(key_chain_codes())
    with_members = set(Member.objects.filter(chains__isnull=False).values_list("chains", flat=True))
    return [c for c in Chain.objects.order_by("order", "code") if c.code in key_codes or c.pk in with_members]


def chain_by_code(code: str | None) -> Chain | None:
    return Chain.objects.filter(code=code).first() if code else None


def members_filtered(*, actor, chain: Chain | None = None, type: str = "", role: str = "",
                     q: str = "") -> QuerySet[Member]:
    qs = members_visible(actor)
    if chain is not None:
        qs = qs.filter(chains=chain)
    if type:
        qs = qs.filter(type=type)
    if role:
        qs = qs.filter(role=role)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__iexact=q.upper()) | Q(contact__icontains=q))
    return qs.prefetch_related("chains").order_by("type", "name", "id").distinct()


def pairings_filtered(*, actor, chain: Chain | None = None, member: Member | None = None) -> QuerySet[Pairing]:
    qs = pairings_visible(actor)
    if chain is not None:
        qs = qs.filter(Q(a__chains=chain) | Q(b__chains=chain))
    if member is not None:
        qs = qs.filter(Q(a=member) | Q(b=member))
    return qs.select_related("a", "b").order_by("-since", "id").distinct()


def activities_filtered(*, actor, chain: Chain | None = None, year: int | None = None,
                        member: Member | None = None) -> QuerySet[Activity]:
    qs = activities_visible(actor)
    if chain is not None:
        qs = qs.filter(chain=chain)
    if year is not None:
        qs = qs.filter(date__year=year)
    if member is not None:
        qs = qs.filter(Q(host=member) | Q(participants=member))
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    counted = Activity.participants.through.objects.filter(activity_id=OuterRef("pk")).order_by() \
        .values("activity_id").annotate(n=Count("id")).values("n")
    return qs.select_related("chain", "host") \
        .annotate(n_participants=Coalesce(Subquery(counted, output_field=IntegerField()), 0)) \
        .order_by("-date", "code").distinct()


def activity_years() -> list[int]:
    return sorted({d.year for d in Activity.objects.dates("date", "year")}, reverse=True)


def chain_figures(*, chain: Chain, as_of: dt.date) -> dict[str, int]:
    """The chain's members, the pairings with a member on it, and its activities, on ``as_of``."""
    members = Member.objects.filter(Q(joined__lte=as_of) | Q(joined__isnull=True), chains=chain)
    pairings = Pairing.objects.filter(Q(since__lte=as_of) | Q(since__isnull=True)) \
        .filter(Q(a__chains=chain) | Q(b__chains=chain)).distinct()
    return {"members": members.distinct().count(), "pairings": pairings.count(),
            "activities": Activity.objects.filter(chain=chain, date__lte=as_of).count()}


def chain_structure(*, actor, chain: Chain) -> dict[str, Any]:
    """The chain's 1+1+N+X: its lead department(s), chain master(s), the N members by type, the X partners."""
    members = members_visible(actor).filter(chains=chain)
    by_role = {role: list(members.filter(role=role).order_by("name")) for role in MemberRole.values}
    n_by_type = dict(members.filter(role=MemberRole.MEMBER).order_by().values_list("type").annotate(n=Count("id")))
    return {"lead": by_role[MemberRole.LEAD], "master": by_role[MemberRole.MASTER],
            "members": len(by_role[MemberRole.MEMBER]), "partners": by_role[MemberRole.PARTNER][:12],
            "more_partners": max(0, len(by_role[MemberRole.PARTNER]) - 12),
            "members_by_type": [(label, n_by_type[value]) for value, label in MemberType.choices
                                if n_by_type.get(value)]}


def chain_network(*, actor, chain: Chain) -> dict[str, Any]:
    """The network chart's data: the chain's visible members as nodes (category: type; size: pairings
    and activities) and their visible pairings as links."""
    members = list(members_visible(actor).filter(chains=chain).order_by("type", "name"))
    ids = {m.pk for m in members}
    pairs = list(pairings_visible(actor).filter(a_id__in=ids, b_id__in=ids).values_list("a_id", "b_id"))
    paired: dict[int, int] = {}
    for a, b in pairs:
        paired[a] = paired.get(a, 0) + 1
        paired[b] = paired.get(b, 0) + 1
    met: dict[int, int] = {}
    for host in Activity.objects.filter(chain=chain, host_id__in=ids).values_list("host_id", flat=True):
        met[host] = met.get(host, 0) + 1
    for member_id in Activity.participants.through.objects.filter(activity__chain=chain, member_id__in=ids) \
            .values_list("member_id", flat=True):
        met[member_id] = met.get(member_id, 0) + 1
    types = list(MemberType.values)
    nodes = []
    for m in members:
        weight = 2 * paired.get(m.pk, 0) + met.get(m.pk, 0)
        nodes.append({"id": str(m.pk), "name": m.name, "short": _short_name(m.name), "category": types.index(m.type),
                      "symbolSize": round(min(42, 8 + 5 * weight ** 0.5), 1), "pairings": paired.get(m.pk, 0),
                      "activities": met.get(m.pk, 0),
                      "label": {"show": m.role in (MemberRole.LEAD, MemberRole.MASTER) or weight >= 6}})
    return {"nodes": nodes, "links": [{"source": str(a), "target": str(b)} for a, b in pairs],
            "categories": [{"name": str(label)} for _value, label in MemberType.choices]}


def _short_name(name: str) -> str:
    """A unit's name as the chart labels it: without the city in front and the company form behind."""
    import re

    company = re.sub(r"(股份)?有限(责任)?公司$", "", name)
    if company == name:  # not a company (a bank's branch, a university, a bureau): as written
        return name
    return re.sub(r"^天津(市)?", "", company) or name


def outcome_get(*, actor, outcome_id: int):
    from liandong.alliance.models import Outcome

    outcome = Outcome.objects.select_related("activity", "a", "b", "match") \
        .filter(pk=outcome_id, activity__in=activities_visible(actor)).first()
    if outcome is None:
        raise NotFoundError("outcome")
    return outcome


def rota_history(*, actor, chain: Chain, limit: int = 24) -> QuerySet[Activity]:
    """The chain's past rotating-host activities the actor may see, latest first."""
    return activities_visible(actor).filter(chain=chain, rota=True).select_related("host").order_by("-date")[:limit]


def rota_hosts(chain: Chain) -> QuerySet[Member]:
    """Who may host the chain's rotating activity: its enterprise members."""
    return Member.objects.filter(chains=chain, type=MemberType.ENTERPRISE).order_by("name")
