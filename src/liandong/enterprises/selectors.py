"""Reads of the registry. Every selector takes the actor and starts from ``enterprises_visible``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import Chain, ChainNode, EnterprisePosition
from liandong.core.errors import NotFoundError
from liandong.engines import uscc as uscc_engine
from liandong.enterprises.models import Enterprise, MonthlyIndicator, Qualification

if TYPE_CHECKING:
    from liandong.accounts.models import User


# --- visibility (docs/architecture.md#who-sees-what; roles in accounts.scoping) -------------------
def enterprises_visible(actor: User | None) -> QuerySet[Enterprise]:
    """Every enterprise query in Liandong starts here: district staff read all, an enterprise user
    only their own; anyone else nothing (404, also for a guessed identifier)."""
    role = scoping.role_of(actor)
    qs = Enterprise.objects.all()
    if role in scoping.DISTRICT_STAFF:
        return qs
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        return qs.filter(pk=actor.enterprise_id)
    return qs.none()


def enterprises_writable(actor: User | None) -> QuerySet[Enterprise]:
    """Admins write all; chain officers new and unplaced enterprises and those on their chains (so a
    found company can be placed); an enterprise user its own profile; others nothing."""
    role = scoping.role_of(actor)
    qs = Enterprise.objects.all()
    if role == scoping.ADMIN:
        return qs
    if role == scoping.CHAIN_OFFICER:
        on_their_chains = EnterprisePosition.objects.filter(chain_id__in=scoping.officer_chain_ids(actor))
        placed = EnterprisePosition.objects.all()
        return qs.filter(Q(id__in=on_their_chains.values("enterprise_id")) | ~Q(id__in=placed.values("enterprise_id")))
    if role == scoping.ENTERPRISE and actor.enterprise_id:
        return qs.filter(pk=actor.enterprise_id)
    return qs.none()


def can_edit_enterprise(actor: User | None, enterprise: Enterprise) -> bool:
    return enterprises_writable(actor).filter(pk=enterprise.pk).exists()


def can_see_contacts(actor: User | None, enterprise: Enterprise) -> bool:
    """Contacts: admins all, an enterprise user its own, chain officers those on their chains."""
    role = scoping.role_of(actor)
    if role == scoping.ADMIN:
        return True
    if role == scoping.ENTERPRISE:
        return actor.enterprise_id == enterprise.pk
    if role == scoping.CHAIN_OFFICER:
        return enterprise.positions.filter(chain_id__in=scoping.officer_chain_ids(actor)).exists()
    return False


def can_see_figures(actor: User | None, enterprise: Enterprise) -> bool:
    """Monthly indicators and annual data: everyone who can see the enterprise."""
    return enterprises_visible(actor).filter(pk=enterprise.pk).exists()


def import_row_scope(actor: User) -> tuple[set[int] | None, set[int] | None]:
    """(enterprise ids writable or None for all, chain ids writable or None for all)."""
    if scoping.role_of(actor) == scoping.ADMIN:
        return None, None
    return set(enterprises_writable(actor).values_list("id", flat=True)), scoping.officer_chain_ids(actor)


@dataclass(frozen=True)
class EnterpriseFilters:
    q: str = ""
    products: str = ""       # words in main products or business scope (经营范围)
    chain: str = ""          # chain code
    node: str = ""           # node code: the node and everything below it
    park: int | None = None
    qualification: str = ""  # qualification type code; current grants only
    above_scale: bool | None = None
    local: bool | None = None  # registered in the district (USCC division) or outside it; None: both


def _with_division(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """USCC positions 3-8 are the registering authority's division (GB 32100-2015, GB/T 2260)."""
    return qs.annotate(registered_division=Substr("uscc", 3, 6))


def local_only(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Enterprises registered in the district (settings.LIANDONG_DISTRICT_DIVISIONS)."""
    return _with_division(qs).filter(registered_division__in=settings.LIANDONG_DISTRICT_DIVISIONS)


def outside_only(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Enterprises registered elsewhere: suppliers and customers the office tracks."""
    return _with_division(qs).exclude(registered_division__in=settings.LIANDONG_DISTRICT_DIVISIONS)


def today() -> dt.date:
    return timezone.localdate()


def node_subtree_ids(node_code: str) -> list[int]:
    """The node and its descendants (chain trees are small: one query, walked in memory)."""
    try:
        root = ChainNode.objects.only("id", "chain_id").get(code=node_code)
    except ChainNode.DoesNotExist:
        return []
    children: dict[int | None, list[int]] = {}
    for node_id, parent_id in ChainNode.objects.filter(chain_id=root.chain_id).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(node_id)
    out, stack = [], [root.id]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, []))
    return out


def _looks_like_uscc_prefix(text: str) -> bool:
    """Six or more characters of the code's set with a digit: a USCC (prefix), not a name."""
    return len(text) >= 6 and all(c in uscc_engine.CHARSET for c in text) and any(c.isdigit() for c in text)


_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _uscc_prefix(prefix: str) -> Q:
    """``uscc`` starts with ``prefix``, written as a range so the unique index serves it (LIKE on
    SQLite is case-insensitive and cannot use it) — bounds stay alphanumeric, so any collation agrees."""
    head = prefix.rstrip("Z")
    if not head:
        return Q(uscc__startswith=prefix)
    upper = head[:-1] + _ALNUM[_ALNUM.index(head[-1]) + 1]
    return Q(uscc__gte=prefix, uscc__lt=upper)


def enterprise_list(*, actor, filters: EnterpriseFilters | None = None) -> QuerySet[Enterprise]:
    filters = filters or EnterpriseFilters()
    qs = enterprises_visible(actor)
    q = filters.q.strip()
    order = ("name_sort", "name", "id")  # Chinese names by pinyin, in the database (#13 item 18)
    if q:
        code = uscc_engine.normalize(q)
        if _looks_like_uscc_prefix(code):
            qs = qs.filter(_uscc_prefix(code))
            order = ("uscc",)  # a code search lists in code order, straight off the unique index
        else:
            qs = qs.filter(name__icontains=q)
    words = filters.products.split()
    for word in words[:5]:
        qs = qs.filter(Q(main_products__icontains=word) | Q(business_scope__icontains=word))
    # Filters on related tables are enterprise-id sets. Nested into one another they intersect on
    # their own indexes, and the enterprise table is read only for the ids that remain.
    memberships: list[QuerySet] = []
    if filters.node:
        memberships.append(EnterprisePosition.objects.filter(node_id__in=node_subtree_ids(filters.node)))
    elif filters.chain:
        chain_id = Chain.objects.filter(code=filters.chain).values_list("id", flat=True).first()
        memberships.append(EnterprisePosition.objects.filter(chain_id=chain_id))
    if filters.qualification:
        on = today()
        memberships.append(Qualification.objects.filter(type__code=filters.qualification).current(on))
    if memberships:
        combined = memberships[-1]
        for outer in reversed(memberships[:-1]):
            combined = outer.filter(enterprise_id__in=combined.values("enterprise_id"))
        qs = qs.filter(id__in=combined.values("enterprise_id"))
    if filters.park:
        qs = qs.filter(park_id=filters.park)
    if filters.above_scale is not None:
        qs = qs.filter(above_scale=filters.above_scale)
    if filters.local is not None:
        qs = local_only(qs) if filters.local else outside_only(qs)
    return qs.select_related("park", "industry").order_by(*order)


def enterprise_rows(keys: list[int]) -> QuerySet[Enterprise]:
    """Load one page of enterprises found by ``enterprise_list`` (whose keys are already scoped)."""
    return with_positions(Enterprise.objects.select_related("park", "industry").filter(pk__in=keys))


def with_positions(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return qs.prefetch_related(
        Prefetch("positions", queryset=EnterprisePosition.objects.select_related("chain", "node").order_by("chain__order"))
    )


def enterprise_get(*, actor, uscc: str) -> Enterprise:
    """One visible enterprise; anything outside the actor's scope is 'not found'."""
    code = uscc_engine.normalize(uscc)
    enterprise = (with_positions(enterprises_visible(actor).filter(uscc=code))
                  .select_related("park", "industry")
                  .prefetch_related(Prefetch("qualifications",
                                             queryset=Qualification.objects.select_related("type").order_by("type__order")),
                                    "contacts")
                  .first())
    if enterprise is None:
        raise NotFoundError(_("Enterprise not found."), {"uscc": code})
    return enterprise


def enterprise_indicators(*, actor, enterprise: Enterprise, months: int = 36) -> list[MonthlyIndicator]:
    if not can_see_figures(actor, enterprise):
        raise NotFoundError(_("Enterprise not found."))
    rows = list(MonthlyIndicator.objects.filter(enterprise=enterprise).order_by("-period")[:months])
    return rows[::-1]


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * max(len(digits) - 7, 2) + digits[-4:]


def mask_email(email: str) -> str:
    local, _sep, domain = email.partition("@")
    if not domain:
        return "***"
    return (local[:1] or "*") + "***@" + domain


def contacts_for(*, actor, enterprise: Enterprise) -> list[dict[str, str]]:
    """Contacts with phone and e-mail masked for roles that may not see them."""
    visible = can_see_contacts(actor, enterprise)
    out = []
    for c in enterprise.contacts.all():
        out.append({"name": c.name, "title": c.title,
                    "phone": c.phone if visible else mask_phone(c.phone) if c.phone else "",
                    "email": c.email if visible else mask_email(c.email) if c.email else "",
                    "is_primary": c.is_primary, "masked": not visible})
    return out


def qualifications_current(enterprise: Enterprise, on: dt.date | None = None) -> list[tuple[Qualification, bool]]:
    on = on or today()
    return [(q, q.is_current(on)) for q in enterprise.qualifications.all()]
