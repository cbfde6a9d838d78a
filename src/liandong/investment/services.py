"""Writes of investment work: projects, their stages, landing in the registry, leads and the office's
stage limits. Each is one transaction, checks the actor's scope and leaves audit rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.accounts.models import Organization
from liandong.chains.models import Chain, ChainNode, EnterprisePosition
from liandong.chains.services import place_enterprise
from liandong.core.attachments import check_files, store_file
from liandong.core.audit import audited
from liandong.core.db import data_changed
from liandong.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from liandong.engines import investment as engine
from liandong.engines import uscc as uscc_engine
from liandong.enterprises.models import Enterprise, Park
from liandong.enterprises.pinyin import name_sort_key
from liandong.investment import selectors
from liandong.investment.models import Lead, Project, ProjectDocument, ProjectEvent, Stage, StageLimit
from liandong.notifications.recipients import department_users
from liandong.notifications.services import notify_users

MONEY_FIELDS = ("registered_capital", "planned_investment")
TEXT_FIELDS = {"name": 200, "investor": 200, "termination_reason": 300}


def _stage_error(err: engine.StageError) -> ApplicationError:
    return ApplicationError(err.message, {"field": err.field})


def _writable(actor, code: str) -> Project:
    project = selectors.projects_writable(actor).filter(code=code).first()
    if project is None:
        if selectors.projects_visible(actor).filter(code=code).exists():
            raise PermissionDeniedError(_("You may not change this project."))
        raise NotFoundError(_("Project not found."), {"code": code})
    return project


def _check_chains(actor, chains: list[Chain]) -> None:
    if scoping.role_of(actor) == scoping.CHAIN_OFFICER:
        outside = [c.name for c in chains if c.id not in scoping.officer_chain_ids(actor)]
        if outside:
            raise PermissionDeniedError(_("You may not file projects on %(chains)s.") % {"chains": "、".join(outside)})


def _resolve(fields: dict[str, Any]) -> tuple[dict[str, Any], list[Chain] | None]:
    """Form or API values → model values: chain codes, node code, department / park names, amounts in
    万元 (Decimal), dates, USCC (check character verified)."""
    out: dict[str, Any] = {}
    chains = None
    if "chains" in fields and fields["chains"] is not None:
        codes = [c for c in fields["chains"] if c]
        chains = list(Chain.objects.filter(code__in=codes))
        if len(chains) != len(set(codes)):
            raise ApplicationError(_("Unknown chain."), {"field": "chains"})
    if fields.get("node"):
        node = ChainNode.objects.filter(code=fields["node"]).first()
        if node is None:
            raise ApplicationError(_("Unknown chain node."), {"field": "node"})
        out["node"] = node
        if chains is not None and node.chain_id not in {c.id for c in chains}:
            chains.append(node.chain)
    elif "node" in fields:
        out["node"] = None
    for key, model, attr in (("department", Organization, "name"), ("park", Park, "name")):
        if key in fields:
            value = fields[key]
            found = model.objects.filter(**{attr: value}).first() if value else None
            if value and found is None:
                raise ApplicationError(_("Unknown %(what)s: %(name)s.") % {"what": model._meta.verbose_name,
                                                                          "name": value}, {"field": key})
            out[key] = found
    if "officer" in fields:
        username = (fields["officer"] or "").strip()
        officer = None
        if username:
            from liandong.accounts.models import User

            officer = User.objects.filter(username=username, is_active=True, role__in=[
                scoping.ADMIN, scoping.CHAIN_OFFICER, scoping.DEPARTMENT]).first()
            if officer is None:
                raise ApplicationError(_("Unknown %(what)s: %(name)s.") % {"what": _("responsible officer"),
                                                                          "name": username}, {"field": "officer"})
        out["officer"] = officer
    for key in MONEY_FIELDS:
        if key in fields:
            value = fields[key]
            if value in (None, ""):
                out[key] = None
                continue
            try:
                amount = Decimal(str(value).strip().replace(",", "")) * 10000
            except ArithmeticError as err:
                raise ApplicationError(_("Enter an amount in 万元."), {"field": key}) from err
            if not amount.is_finite() or amount < 0:
                raise ApplicationError(_("Enter an amount in 万元."), {"field": key})
            out[key] = amount.quantize(Decimal("0.01"))
    for key in ("signed", "registered"):
        if key in fields:
            out[key] = _date(fields[key], key)
    if fields.get("uscc"):
        code = str(fields["uscc"]).strip().upper()
        if not uscc_engine.is_valid(code):
            raise ApplicationError(_("This unified social credit code is not valid."), {"field": "uscc"})
        out["uscc"] = code
    elif "uscc" in fields:
        out["uscc"] = ""
    for key, limit in TEXT_FIELDS.items():
        if key in fields and fields[key] is not None:
            out[key] = str(fields[key]).strip()[:limit]
    if "platform" in fields:
        out["platform"] = bool(fields["platform"])
    return out, chains


def _date(value: Any, field: str) -> dt.date | None:
    """A date from a form (YYYY-MM-DD), the API or a file; empty → None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise ApplicationError(_("Not a date; write YYYY-MM-DD."), {"field": field}) from err


def project_create(*, actor, code: str, name: str, stage: str = Stage.LEAD, on: dt.date | None = None,
                   lead: Lead | None = None, **fields: Any) -> Project:
    if not selectors.can_write_projects(actor):
        raise PermissionDeniedError(_("You may not file investment projects."))
    code, name = (code or "").strip(), (name or "").strip()
    if not code:
        raise ApplicationError(_("Give the project a code."), {"field": "code"})
    if not name:
        raise ApplicationError(_("Give the project a name."), {"field": "name"})
    if Project.objects.filter(code=code).exists():
        raise ConflictError(_("A project with this code exists."), {"field": "code"})
    if stage not in Stage.values or stage == Stage.TERMINATED:
        raise ApplicationError(_("Unknown stage."), {"field": "stage"})
    values, chains = _resolve(fields)
    _check_chains(actor, chains or [])
    try:
        engine.stages.check_dates(stage, values.get("signed"), values.get("registered"))
    except engine.StageError as err:
        raise _stage_error(err) from err
    on = _date(on, "on") or timezone.localdate()
    with transaction.atomic(), audited(actor):
        project = Project.objects.create(code=code[:40], name=name[:200], stage=stage, stage_since=on, lead=lead,
                                         **values)
        if chains:
            project.chains.set(chains)
        note = _("Filed") if lead is None else _("From lead: %(reason)s") % {"reason": lead.reason or lead.source}
        ProjectEvent.objects.create(project=project, from_stage="", to_stage=stage, on=on, actor=_user(actor),
                                    note=note[:500])
        if stage in engine.LANDED:
            land(actor, project)
    return project


def project_update(*, actor, code: str, version: int | None = None, **fields: Any) -> Project:
    """Change a project's details (not its stage: ``project_advance``)."""
    project = _writable(actor, code)
    if version is not None and version != project.version:
        raise ConflictError(_("Someone changed this project meanwhile; reload and try again."), {"version": project.version})
    values, chains = _resolve(fields)
    if chains is not None:
        _check_chains(actor, chains)
    try:
        engine.stages.check_dates(project.stage, values.get("signed", project.signed),
                                  values.get("registered", project.registered))
    except engine.StageError as err:
        raise _stage_error(err) from err
    changed = {k: v for k, v in values.items() if getattr(project, k) != v}
    if chains is not None and {c.pk for c in chains} == set(project.chains.values_list("pk", flat=True)):
        chains = None
    if not changed and chains is None:
        return project  # posted back as it was: nothing to write, the version stays
    with transaction.atomic(), audited(actor):
        for key, value in changed.items():
            setattr(project, key, value)
        project.version += 1
        project.save()
        if chains is not None:
            project.chains.set(chains)
        if project.stage in engine.LANDED:
            land(actor, project)
    return project


def project_advance(*, actor, code: str, stage: str, on: dt.date | None = None, reason: str = "", note: str = "",
                    version: int | None = None, enterprise_name: str = "", **fields: Any) -> Project:
    """Move a project to a later stage (or 终止 with a reason), dated, by whom. Reaching 注册 needs the
    signing and registration dates; with a USCC the enterprise is created (as ``enterprise_name``, the
    project's name by default) or linked in the registry and placed on the project's node (the chain
    page then shows the node's new status)."""
    project = selectors.projects_advanceable(actor).filter(code=code).first()
    if project is None:
        if selectors.projects_visible(actor).filter(code=code).exists():
            raise PermissionDeniedError(_("You may not change this project."))
        raise NotFoundError(_("Project not found."), {"code": code})
    if version is not None and version != project.version:
        raise ConflictError(_("Someone changed this project meanwhile; reload and try again."), {"version": project.version})
    allowed = {k: v for k, v in fields.items() if k in {"signed", "registered", "uscc", "registered_capital"}}
    values, _chains = _resolve(allowed)
    on = _date(on, "on") or timezone.localdate()
    if stage == Stage.SIGNED and values.get("signed", project.signed) is None:
        values["signed"] = on  # signing is dated by the step that records it
    try:
        engine.check_transition(project.stage, stage, reason=reason)
        if stage != Stage.TERMINATED:
            engine.stages.check_dates(stage, values.get("signed", project.signed),
                                      values.get("registered", project.registered))
    except engine.StageError as err:
        raise _stage_error(err) from err
    with transaction.atomic(), audited(actor):
        before = project.stage
        for key, value in values.items():
            setattr(project, key, value)
        project.stage, project.stage_since = stage, on
        if stage == Stage.TERMINATED:
            project.termination_reason = reason.strip()[:300]
        project.version += 1
        project.save()
        ProjectEvent.objects.create(project=project, from_stage=before, to_stage=stage, on=on, actor=_user(actor),
                                    note=(reason or note).strip()[:500])
        if stage in engine.LANDED:
            land(actor, project, name=enterprise_name)
    return project


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def land(actor, project: Project, *, name: str = "") -> None:
    """Landing closes the loop: the registered enterprise is linked (or created, as ``name`` or the
    project's name) and placed on the project's node. Runs inside the caller's transaction."""
    if not project.uscc:
        return
    enterprise = Enterprise.objects.filter(uscc=project.uscc).first()
    if enterprise is None:
        enterprise = Enterprise.objects.create(uscc=project.uscc, name=(name.strip() or project.name)[:200],
                                               name_sort=name_sort_key(name.strip() or project.name), park=project.park,
                                               registered_capital=project.registered_capital,
                                               established=project.registered)
        transaction.on_commit(data_changed)
    if project.enterprise_id != enterprise.pk:
        Project.objects.filter(pk=project.pk).update(enterprise=enterprise)
        project.enterprise = enterprise
    if project.node_id and project.node.level > 0:
        place_enterprise(actor=scoping.SYSTEM if scoping.role_of(actor) == scoping.DEPARTMENT else actor,
                         enterprise=enterprise, node=project.node, role=EnterprisePosition.Role.SUPPORTING,
                         products=project.name)


MAX_DOCUMENTS = 20


def documents_add(*, actor, code: str, files: list) -> list[ProjectDocument]:
    """Attach documents to a project: who may advance it may add them; the whole set is checked first
    (core.attachments) and written together, audited."""
    project = selectors.projects_advanceable(actor).filter(code=code).first()
    if project is None:
        if selectors.projects_visible(actor).filter(code=code).exists():
            raise PermissionDeniedError(_("You may not change this project."))
        raise NotFoundError(_("Project not found."), {"code": code})
    if not files:
        raise ApplicationError(_("Choose a file."), {"field": "documents"})
    room = MAX_DOCUMENTS - project.documents.count()
    check_files(files, field="documents", max_count=max(0, room))
    saved = []
    with transaction.atomic(), audited(actor):
        for f in files:
            document = ProjectDocument(project=project, uploaded_by=_user(actor))
            document.name, document.size, document.content_type = store_file(document.file, f)
            document.save()
            saved.append(document)
    return saved


# --- leads ----------------------------------------------------------------------------------------
def lead_create(*, actor, name: str, kind: str = Lead.Kind.MANUAL, source: str = "", reason: str = "",
                uscc: str = "", chain: str = "", node: str = "") -> Lead:
    if not selectors.can_write_projects(actor):
        raise PermissionDeniedError(_("You may not record investment leads."))
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Name the company or investor."), {"field": "name"})
    if kind not in Lead.Kind.values:
        raise ApplicationError(_("Unknown lead kind."), {"field": "kind"})
    node_obj = ChainNode.objects.select_related("chain").filter(code=node).first() if node else None
    if node and node_obj is None:
        raise ApplicationError(_("Unknown chain node."), {"field": "node"})
    chain_obj = node_obj.chain if node_obj else (Chain.objects.filter(code=chain).first() if chain else None)
    if chain and chain_obj is None:
        raise ApplicationError(_("Unknown chain."), {"field": "chain"})
    code = (uscc or "").strip().upper()
    if code and not uscc_engine.is_valid(code):
        raise ApplicationError(_("This unified social credit code is not valid."), {"field": "uscc"})
    _check_chains(actor, [chain_obj] if chain_obj else [])
    with transaction.atomic(), audited(actor):
        return Lead.objects.create(kind=kind, name=name[:200], uscc=code, chain=chain_obj, node=node_obj,
                                   enterprise=Enterprise.objects.filter(uscc=code).first() if code else None,
                                   source=source.strip()[:100], reason=reason.strip()[:2000], owner=_user(actor))


def lead_convert(*, actor, lead_id: int, code: str, name: str = "", **fields: Any) -> Project:
    """A lead becomes a project in one step (stage 线索), keeping the lead as its origin."""
    lead = selectors.manual_leads(actor=actor).filter(pk=lead_id).first()
    if lead is None:
        raise NotFoundError(_("Lead not found."), {"lead": lead_id})
    if lead.status == Lead.Status.CONVERTED:
        raise ConflictError(_("This lead is already a project."), {"lead": lead_id})
    chains = [lead.chain.code] if lead.chain_id else []
    with transaction.atomic():
        project = project_create(actor=actor, code=code, name=name or lead.name, lead=lead,
                                 investor=fields.pop("investor", lead.name), chains=fields.pop("chains", chains),
                                 node=fields.pop("node", lead.node.code if lead.node_id else ""),
                                 **fields)  # the lead's USCC is the investor's, not the landed enterprise's
        with audited(actor):
            lead.status = Lead.Status.CONVERTED
            lead.save(update_fields=["status", "updated_at"])
    return project


def lead_adopt(*, actor, kind: str, chain: str, node: str = "", uscc: str = "", name: str, reason: str = "",
               code: str, **fields: Any) -> Project:
    """A lead the records suggested (以商招商, a chain master's supplier, 京津冀) becomes a project in one
    step: it is kept on record as a lead of its kind with its reason, and converted (stage 线索). The
    project's investor is the company; its landed enterprise is left to be entered at 注册 (the
    company itself is registered outside the district)."""
    if not selectors.can_write_projects(actor):
        raise PermissionDeniedError(_("You may not record investment leads."))
    if kind not in {Lead.Kind.CHAIN_GAP, Lead.Kind.MASTER_SUPPLIER, Lead.Kind.JINGJINJI}:
        raise ApplicationError(_("Unknown lead kind."), {"field": "kind"})
    if not (code or "").strip():
        raise ApplicationError(_("Give the project a code."), {"field": "code"})
    taken = Lead.objects.filter(kind=kind, chain__code=chain, uscc=(uscc or "").strip().upper(),
                                node__code=node or None, project__isnull=False).select_related("project").first()
    if taken is not None:  # turned into a project already (another tab, a second click)
        raise ConflictError(_("This lead is already a project."), {"lead": taken.pk, "project": taken.project.code})
    with transaction.atomic():
        lead = lead_create(actor=actor, name=name, kind=kind, source=_("Suggested by the records"), reason=reason,
                           uscc=uscc, chain=chain, node=node or "")
        return lead_convert(actor=actor, lead_id=lead.pk, code=code, uscc="", **fields)


def stage_limit_set(*, actor, stage: str, days: int) -> StageLimit:
    if scoping.role_of(actor) != scoping.ADMIN:
        raise PermissionDeniedError(_("Only the district administrator sets the stage limits."))
    if stage not in selectors.DEFAULT_LIMITS:
        raise ApplicationError(_("Unknown stage."), {"field": "stage"})
    if days < 1:
        raise ApplicationError(_("At least one day."), {"field": "days"})
    with transaction.atomic(), audited(actor):
        limit, _created = StageLimit.objects.update_or_create(stage=stage, defaults={"days": days})
    return limit


def remind_overdue(*, today: dt.date | None = None) -> int:
    """Tell each overdue project's department (its staff, in the bell), once per project and stage entry."""
    made = 0
    for row in selectors.overdue_projects(actor=scoping.SYSTEM, today=today):
        project = row["project"]
        if not project.department_id:
            continue
        title = _("Project %(name)s has been %(days)d days in stage %(stage)s (limit %(limit)d)") % {
            "name": project.name, "days": row["days"], "stage": project.get_stage_display(), "limit": row["limit"]}
        made += notify_users(department_users(project.department_id), kind="project_overdue", title=title,
                             key=f"project-overdue:{project.pk}:{project.stage}:{project.stage_since}", subject=project,
                             reference=project.code, link=f"/investment/projects/{project.code}/")
    return made
