"""Reads of investment work. Every read starts from ``projects_visible``: district admins and analysts
read all projects; chain officers those on their chains and those on no chain yet; a department the
projects it is responsible for; enterprise users none (404, also by guessing a code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains import statuses as chain_statuses
from liandong.chains.analysis import chain_analyses
from liandong.chains.defaults import key_chain_codes
from liandong.chains.models import Chain, ChainNode, EnterprisePosition, SupplyRelation
from liandong.core.errors import NotFoundError, PermissionDeniedError
from liandong.core.frames import query_frame
from liandong.engines import investment as engine
from liandong.enterprises.models import Enterprise
from liandong.investment.models import Lead, Project, ProjectEvent, Stage, StageLimit

DEFAULT_LIMITS = {Stage.LEAD: 60, Stage.TALKS: 90, Stage.SIGNED: 120, Stage.REGISTERED: 180, Stage.STARTED: 365}
"""Days a project may stay in a stage before its department is reminded, until the office sets its own."""


def can_read_projects(actor) -> bool:
    return scoping.role_of(actor) in scoping.DISTRICT_STAFF


def projects_visible(actor) -> QuerySet[Project]:
    role = scoping.role_of(actor)
    qs = Project.objects.all()
    if role in {scoping.ADMIN, scoping.ANALYST}:
        return qs
    if role == scoping.CHAIN_OFFICER:
        return qs.filter(Q(chains__in=scoping.officer_chain_ids(actor)) | Q(chains__isnull=True)).distinct()
    if role == scoping.DEPARTMENT and actor.organization_id:
        return qs.filter(department_id=actor.organization_id)
    return qs.none()


def projects_writable(actor) -> QuerySet[Project]:
    """Edit every field: admins all, chain officers their visible ones."""
    role = scoping.role_of(actor)
    if role in {scoping.ADMIN, scoping.CHAIN_OFFICER}:
        return projects_visible(actor)
    return Project.objects.none()


def projects_advanceable(actor) -> QuerySet[Project]:
    """Move through the stages: who may edit, and a department its own projects."""
    if scoping.role_of(actor) == scoping.DEPARTMENT:
        return projects_visible(actor)
    return projects_writable(actor)


def can_write_projects(actor) -> bool:
    return scoping.role_of(actor) in {scoping.ADMIN, scoping.CHAIN_OFFICER}


def project_get(*, actor, code: str) -> Project:
    project = (projects_visible(actor).select_related("node__chain", "department", "officer", "park", "enterprise",
                                                      "lead").prefetch_related("chains").filter(code=code).first())
    if project is None:
        raise NotFoundError(_("Project not found."), {"code": code})
    return project


def project_timeline(project: Project) -> list[ProjectEvent]:
    return list(project.events.select_related("actor"))


def project_list(*, actor, stage: str = "", chain: str = "", q: str = "") -> QuerySet[Project]:
    qs = projects_visible(actor).select_related("node", "department", "park").prefetch_related("chains")
    if stage:
        qs = qs.filter(stage=stage)
    if chain:
        qs = qs.filter(chains__code=chain)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(investor__icontains=q))
    return qs.order_by("-updated_at", "-id")


def stage_limits() -> dict[str, int]:
    limits = {str(k): v for k, v in DEFAULT_LIMITS.items()}
    limits.update(dict(StageLimit.objects.values_list("stage", "days")))
    return limits


def overdue_projects(*, actor, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Projects longer in their stage than the office's limit, longest over first."""
    today = today or timezone.localdate()
    limits = stage_limits()
    out = []
    for project in projects_visible(actor).filter(stage__in=list(limits), stage_since__isnull=False).select_related(
            "department", "officer"):
        days = (today - project.stage_since).days
        if days > limits[project.stage]:
            out.append({"project": project, "days": days, "limit": limits[project.stage],
                        "over": days - limits[project.stage]})
    return sorted(out, key=lambda r: -r["over"])


# --- frames for the engine --------------------------------------------------------------------------
def project_frames(qs: QuerySet[Project]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(projects: id, stage, registered, capital_fen; project_chains: project, chain code)."""
    projects = query_frame(qs.order_by().values_list("id", "stage", "registered", "registered_capital"),
                           {"id": pl.Int64, "stage": pl.String, "registered": pl.Date, "capital": pl.Float64})
    projects = projects.with_columns((pl.col("capital") * 100).round(0).cast(pl.Int64).alias("capital_fen")).drop(
        "capital")
    links = query_frame(Project.chains.through.objects.filter(project__in=qs.order_by().values("id"))
                        .values_list("project_id", "chain__code"), {"project": pl.Int64, "chain": pl.String})
    return projects, links


def summary(*, actor, since: dt.date | None = None, until: dt.date | None = None, park: str = "") -> dict[str, Any]:
    """docs/cli.md#projects-summary."""
    if not can_read_projects(actor):
        raise PermissionDeniedError(_("Investment projects are for district staff."))
    qs = projects_visible(actor)
    if park:
        qs = qs.filter(park__name=park)
    projects, links = project_frames(qs)
    chains = list(Chain.objects.order_by("order").values_list("code", "name"))
    return engine.summarize(projects, links, chains, key_chains=set(key_chain_codes()),
                            since=since, until=until)


def dashboard(*, actor, today: dt.date | None = None) -> dict[str, Any]:
    """The funnel, conversions, median days per stage, landed per month and the landed summary by
    chain, department and park."""
    if not can_read_projects(actor):
        raise PermissionDeniedError(_("Investment projects are for district staff."))
    today = today or timezone.localdate()
    qs = projects_visible(actor)
    projects, _links = project_frames(qs)
    events = query_frame(ProjectEvent.objects.filter(project__in=qs.order_by().values("id")).exclude(to_stage="")
                         .order_by().values_list("project_id", "from_stage", "to_stage", "on"),
                         {"project": pl.Int64, "from_stage": pl.String, "to_stage": pl.String, "on": pl.Date})
    figures = engine.pipeline_figures(projects, events, today=today)
    figures["summary"] = summary(actor=actor)
    landed = qs.filter(stage__in=list(engine.LANDED), registered__isnull=False)
    figures["by_department"] = _landed_by(landed, "department__name")
    figures["by_park"] = _landed_by(landed, "park__name")
    return figures


def _landed_by(qs: QuerySet[Project], field: str) -> list[dict[str, Any]]:
    from django.db.models import Count, Sum

    rows = qs.order_by().values(field).annotate(n=Count("id"), capital=Sum("registered_capital")).order_by("-n")
    return [{"name": r[field] or "—", "landed": r["n"], "registered_capital": r["capital"]} for r in rows]


# --- leads --------------------------------------------------------------------------------------------
def _registry_frames(chain: Chain, *, as_of: dt.date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    divisions = list(settings.LIANDONG_DISTRICT_DIVISIONS)
    enterprises = query_frame(Enterprise.objects.order_by().values_list("id", "uscc", "name"),
                              {"id": pl.Int64, "uscc": pl.String, "name": pl.String}).with_columns(
        pl.col("uscc").str.slice(2, 6).is_in(divisions).alias("local"))
    positions = query_frame(EnterprisePosition.objects.filter(chain=chain).order_by()
                            .values_list("enterprise_id", "chain__code", "node__code", "role"),
                            {"enterprise": pl.Int64, "chain": pl.String, "node": pl.String, "role": pl.String})
    year = (SupplyRelation.objects.filter(year__lte=as_of.year).order_by("-year").values_list("year", flat=True)
            .first())
    relations = query_frame(SupplyRelation.objects.filter(year=year or 0).order_by()
                            .values_list("supplier_id", "customer_id", "year", "amount"),
                            {"supplier": pl.Int64, "customer": pl.Int64, "year": pl.Int64, "amount": pl.Float64})
    relations = relations.with_columns((pl.col("amount") * 100).round(0).cast(pl.Int64).alias("amount_fen"))
    return enterprises, positions, relations


def chain_leads(*, actor, chain: str, as_of: dt.date | None = None, kinds: tuple[str, ...] = ("chain_gap",)
                ) -> dict[str, Any]:
    """Leads of one chain (docs/cli.md#projects-leads): ``chain_gap`` (the contract), and on request
    ``master_supplier`` and ``jingjinji``."""
    if not can_read_projects(actor):
        raise PermissionDeniedError(_("Investment leads are for district staff."))
    found = Chain.objects.filter(code=chain).first() or Chain.objects.filter(name=chain).first()
    if found is None:
        raise NotFoundError(_("Chain not found."), {"chain": chain})
    as_of = as_of or timezone.localdate()
    analysis = chain_analyses(actor=actor)[found.code]
    statuses = {n["code"]: n["status"] for n in analysis["nodes"]}
    names = dict(ChainNode.objects.filter(chain=found).values_list("code", "name"))
    enterprises, positions, relations = _registry_frames(found, as_of=as_of)
    out: dict[str, Any] = {"chain": {"code": found.code, "name": found.name}}
    if "chain_gap" in kinds:
        with translation.override("zh-hans"):  # the reasons are Chinese sentences
            labels = chain_statuses.labels()
        out["leads"] = engine.chain_gap_leads(found.code, statuses, names, enterprises, positions, relations,
                                              as_of=as_of, status_labels=labels)
    if "master_supplier" in kinds:
        out["master_suppliers"] = engine.master_supplier_leads(found.code, names, enterprises, positions, relations,
                                                               as_of=as_of)
    if "jingjinji" in kinds:
        out["jingjinji"] = engine.jingjinji_leads(found.code, names, enterprises, positions, relations, as_of=as_of)
    return out


def manual_leads(*, actor) -> QuerySet[Lead]:
    if not can_read_projects(actor):
        return Lead.objects.none()
    return Lead.objects.select_related("chain", "node", "owner").order_by("-created_at")
