"""Who may see and change what. The one place that decides visibility (docs/architecture.md#who-sees-what).

Roles (``User.Role``):

=============== ============================== ====================================== =================
role            reads enterprises              writes enterprises / positions          sees contacts
=============== ============================== ====================================== =================
admin           all                            all                                    all
chain_officer   all                            new and unplaced ones, those on their  on their chains
                                               chains (so a found company can be placed)
department      all                            none (their department's work later)   none
analyst         all                            none (read-only)                       none
enterprise      their own only                 their own profile only                 their own
=============== ============================== ====================================== =================

Everything outside an actor's read scope behaves as if it did not exist (404), so an enterprise
user cannot learn another enterprise's data, not even by guessing an identifier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from liandong.accounts.models import User
    from liandong.enterprises.models import Enterprise

ADMIN = "admin"
CHAIN_OFFICER = "chain_officer"
DEPARTMENT = "department"
ENTERPRISE = "enterprise"
ANALYST = "analyst"
DISTRICT_STAFF = frozenset({ADMIN, CHAIN_OFFICER, DEPARTMENT, ANALYST})
"""Roles that read the whole district (sums, analyses, screenings): everyone but enterprise users."""


def reads_whole_district(actor: User | None) -> bool:
    """District staff read every enterprise: sums, analyses, screenings, the name index."""
    return role_of(actor) in DISTRICT_STAFF


def role_of(actor: User | None) -> str | None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    if actor.is_superuser:
        return ADMIN
    return actor.role


def actor_role_label(actor: User) -> str:
    return str(actor.get_role_display()) if role_of(actor) else ""


def officer_chain_ids(actor: User) -> set[int]:
    cached = getattr(actor, "_officer_chain_ids", None)
    if cached is None:
        cached = set(actor.chains.values_list("id", flat=True))
        actor._officer_chain_ids = cached
    return cached


# --- enterprises ----------------------------------------------------------------------------------
def enterprises_visible(actor: User | None) -> QuerySet[Enterprise]:
    """Every enterprise query in Liandong starts here."""
    from liandong.enterprises.models import Enterprise

    role = role_of(actor)
    qs = Enterprise.objects.all()
    if role in DISTRICT_STAFF:
        return qs
    if role == ENTERPRISE and actor.enterprise_id:
        return qs.filter(pk=actor.enterprise_id)
    return qs.none()


def enterprises_writable(actor: User | None) -> QuerySet[Enterprise]:
    from liandong.enterprises.models import Enterprise

    role = role_of(actor)
    qs = Enterprise.objects.all()
    if role == ADMIN:
        return qs
    if role == CHAIN_OFFICER:
        from liandong.chains.models import EnterprisePosition

        on_their_chains = EnterprisePosition.objects.filter(chain_id__in=officer_chain_ids(actor))
        placed = EnterprisePosition.objects.all()
        return qs.filter(Q(id__in=on_their_chains.values("enterprise_id")) | ~Q(id__in=placed.values("enterprise_id")))
    if role == ENTERPRISE and actor.enterprise_id:
        return qs.filter(pk=actor.enterprise_id)
    return qs.none()


def can_create_enterprise(actor: User | None) -> bool:
    return role_of(actor) in {ADMIN, CHAIN_OFFICER}


def can_edit_enterprise(actor: User | None, enterprise: Enterprise) -> bool:
    return enterprises_writable(actor).filter(pk=enterprise.pk).exists()


def can_see_contacts(actor: User | None, enterprise: Enterprise) -> bool:
    role = role_of(actor)
    if role == ADMIN:
        return True
    if role == ENTERPRISE:
        return actor.enterprise_id == enterprise.pk
    if role == CHAIN_OFFICER:
        return enterprise.positions.filter(chain_id__in=officer_chain_ids(actor)).exists()
    return False


def can_see_figures(actor: User | None, enterprise: Enterprise) -> bool:
    """Monthly indicators and annual data: everyone who can see the enterprise."""
    return enterprises_visible(actor).filter(pk=enterprise.pk).exists()


# --- chains ---------------------------------------------------------------------------------------
def can_edit_chain(actor: User | None, chain_id: int) -> bool:
    role = role_of(actor)
    return role == ADMIN or (role == CHAIN_OFFICER and chain_id in officer_chain_ids(actor))


# --- appeals --------------------------------------------------------------------------------------
def is_office(actor: User | None) -> bool:
    """The chain office (专班) runs the appeals desk: district admins and chain officers."""
    return role_of(actor) in {ADMIN, CHAIN_OFFICER}


def appeals_visible(actor: User | None):
    """Appeals the actor may read: the office all; a department those it leads or co-handles; an
    enterprise user its own enterprise's; anyone else none (404)."""
    from liandong.appeals.models import Appeal

    role = role_of(actor)
    qs = Appeal.objects.all()
    if role in {ADMIN, CHAIN_OFFICER}:
        return qs
    if role == DEPARTMENT and actor.organization_id:
        return qs.filter(Q(lead_department_id=actor.organization_id)
                         | Q(co_departments__id=actor.organization_id)).distinct()
    if role == ENTERPRISE and actor.enterprise_id:
        return qs.filter(enterprise_id=actor.enterprise_id)
    return qs.none()


def can_read_appeal_metrics(actor: User | None) -> bool:
    return reads_whole_district(actor)


# --- statistics -----------------------------------------------------------------------------------
def can_read_statistics(actor: User | None) -> bool:
    """District statistics (sums over every enterprise) are for district staff, not enterprise users."""
    return reads_whole_district(actor)


# --- imports --------------------------------------------------------------------------------------
def can_import(actor: User | None) -> bool:
    """Imports write many rows: district admins and chain officers (row by row within their scope)."""
    return role_of(actor) in {ADMIN, CHAIN_OFFICER}


def import_row_scope(actor: User) -> tuple[set[int] | None, set[int] | None]:
    """(enterprise ids writable or None for all, chain ids writable or None for all)."""
    if role_of(actor) == ADMIN:
        return None, None
    return set(enterprises_writable(actor).values_list("id", flat=True)), officer_chain_ids(actor)


def is_read_only(actor: User | None) -> bool:
    return role_of(actor) in {ANALYST, DEPARTMENT, None}


class SystemActor:
    """The actor of command-line and scheduled jobs run by the operator: full rights, no user row.

    Audit rows written for it have no user; the CLI may instead act as a named user (``--user``).
    """

    pk = None
    id = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    role = ADMIN
    enterprise_id = None
    username = "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
