"""The appeal workflow in one place: which action moves an appeal from which states to which, and
who may take it (issue #6).

受理 submitted → 响应 responded → 派单 dispatched → 签收/对接 docked (办理; pause/resume, extension)
→ 办结 resolved → 审核 reviewed (or sent back to docked) → 评价 closed (不满意: 重办, back to docked).
Also 退单 (dispatched → returned, the office re-dispatches), 转办 (transfer to another department),
合并 (merged into an original), 结案后重开 (closed → docked), replies at any time.

Parties: ``office`` (district admins and chain officers), ``department`` (staff of the lead
department; co-handling departments may only reply), ``enterprise`` (users of the appeal's enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from liandong.accounts import scoping
from liandong.appeals.models import Appeal

S = Appeal.Status
OPEN = frozenset(s for s in S.values if s not in {S.CLOSED, S.MERGED})


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    parties: frozenset[str]


def _a(name: str, label, sources, target, *parties: str) -> Action:
    return Action(name, label, frozenset(sources), target, frozenset(parties))


ACTIONS: dict[str, Action] = {a.name: a for a in (
    _a("respond", _("Respond"), {S.SUBMITTED}, S.RESPONDED, "office"),
    _a("dispatch", _("Dispatch"), {S.RESPONDED, S.RETURNED}, S.DISPATCHED, "office"),
    _a("transfer", _("Transfer"), {S.DISPATCHED, S.DOCKED}, S.DISPATCHED, "office"),
    _a("accept", _("Accept and contact the enterprise"), {S.DISPATCHED}, S.DOCKED, "department"),
    _a("return", _("Return (misrouted)"), {S.DISPATCHED}, S.RETURNED, "department"),
    _a("pause", _("Pause: waiting for the enterprise"), {S.DOCKED}, None, "department"),
    _a("resume", _("Resume"), {S.DOCKED}, None, "department", "office"),
    _a("request_extension", _("Request an extension"), {S.DOCKED}, None, "department"),
    _a("decide_extension", _("Decide on the extension"), {S.DOCKED}, None, "office"),
    _a("report_solution", _("Report the solution"), {S.DOCKED}, S.RESOLVED, "department"),
    _a("approve", _("Approve the solution"), {S.RESOLVED}, S.REVIEWED, "office"),
    _a("send_back", _("Send back for rework"), {S.RESOLVED}, S.DOCKED, "office"),
    _a("rate", _("Rate"), {S.REVIEWED}, S.CLOSED, "enterprise", "office"),
    _a("reopen", _("Reopen"), {S.CLOSED}, S.DOCKED, "enterprise"),
    _a("merge", _("Merge into another appeal"), OPEN, S.MERGED, "office"),
    _a("reply", _("Reply"), OPEN, None, "office", "department", "enterprise"),
)}


def parties_of(actor, appeal: Appeal) -> set[str]:
    """The roles ``actor`` plays on ``appeal`` (empty when none)."""
    role = scoping.role_of(actor)
    out = set()
    if scoping.is_office(actor):
        out.add("office")
    if role == scoping.DEPARTMENT and actor.organization_id:
        if appeal.lead_department_id == actor.organization_id:
            out.add("department")
        elif appeal.co_departments.filter(id=actor.organization_id).exists():
            out.add("co_department")
    if role == scoping.ENTERPRISE and actor.enterprise_id == appeal.enterprise_id:
        out.add("enterprise")
    return out


def guard(action: Action, appeal: Appeal) -> str | None:
    """Why the action cannot be taken now, beyond the status (None when it can)."""
    if action.name == "pause" and appeal.is_paused:
        return str(_("The appeal is already paused."))
    if action.name == "resume" and not appeal.is_paused:
        return str(_("The appeal is not paused."))
    if action.name == "request_extension" and appeal.extension_status == Appeal.Extension.PENDING:
        return str(_("An extension request is already waiting."))
    if action.name == "decide_extension" and appeal.extension_status != Appeal.Extension.PENDING:
        return str(_("No extension request is waiting."))
    if action.name == "report_solution" and appeal.is_paused:
        return str(_("Resume the appeal before reporting the solution."))
    return None


def allowed_actions(actor, appeal: Appeal) -> list[Action]:
    parties = parties_of(actor, appeal)
    if "co_department" in parties:
        parties.add("department_reply")
    out = []
    for action in ACTIONS.values():
        takes = action.parties & parties or (action.name == "reply" and "co_department" in parties)
        if takes and appeal.status in action.sources and guard(action, appeal) is None:
            out.append(action)
    return out
