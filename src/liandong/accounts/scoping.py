"""Roles and the role checks every app shares (docs/architecture.md#who-sees-what).

Which rows an actor may read or write is decided beside the data, in each app's selectors
(``enterprises.selectors.enterprises_visible``, ``appeals.selectors.appeals_visible`` …), from the
roles defined here; accounts imports no domain app.

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

if TYPE_CHECKING:
    from liandong.accounts.models import User

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


def can_create_enterprise(actor: User | None) -> bool:
    return role_of(actor) in {ADMIN, CHAIN_OFFICER}


# --- chains ---------------------------------------------------------------------------------------
def can_edit_chain(actor: User | None, chain_id: int) -> bool:
    role = role_of(actor)
    return role == ADMIN or (role == CHAIN_OFFICER and chain_id in officer_chain_ids(actor))


# --- appeals --------------------------------------------------------------------------------------
def is_office(actor: User | None) -> bool:
    """The chain office (专班) runs the appeals desk: district admins and chain officers."""
    return role_of(actor) in {ADMIN, CHAIN_OFFICER}


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
