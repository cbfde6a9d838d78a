"""Reads of investment work. Every read starts from ``projects_visible``: district admins and analysts
read all projects; chain officers those on their chains and those on no chain yet; a department the
projects it is responsible for; enterprise users none (404, also by guessing a code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains import statuses as chain_statuses
from liandong.chains.analysis import chain_analyses, data_fingerprint
from liandong.chains.defaults import key_chain_codes
from liandong.chains.models import Chain, ChainNode, EnterprisePosition, SupplyRelation
from liandong.core.db import ProcessMemo
from liandong.core.errors import NotFoundError, PermissionDeniedError
from liandong.core.frames import query_frame, yuan_to_fen
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
    projects = projects.with_columns(yuan_to_fen("capital").alias("capital_fen")).drop(
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
    return _summarize(*project_frames(qs), since=since, until=until)


def _summarize(projects: pl.DataFrame, links: pl.DataFrame, *, since: dt.date | None,
               until: dt.date | None) -> dict[str, Any]:
    chains = list(Chain.objects.order_by("order").values_list("code", "name"))
    return engine.summarize(projects, links, chains, key_chains=set(key_chain_codes()), since=since, until=until)


def summary_sentence(result: dict[str, Any]) -> str:
    """The report's sentence ("4月11日以来落地项目N个，注册资金X亿元，其中X成以上与重点产业链相关。") of a
    ``summary`` result: one wording for the dashboard and ``liandong projects summary``."""
    return engine.summary_sentence(result)


def dashboard(*, actor, today: dt.date | None = None, since: dt.date | None = None,
              until: dt.date | None = None) -> dict[str, Any]:
    """The funnel, conversions, median days per stage (every visible project), and what landed in the
    window [since, until] (either end open): the summary, landed per month, by chain, department and park."""
    if not can_read_projects(actor):
        raise PermissionDeniedError(_("Investment projects are for district staff."))
    today = today or timezone.localdate()
    key = f"investment-dashboard:v1:{_scope_key(actor)}:{_fingerprint()}:{today}:{since}:{until}"
    figures = cache.get(key)
    if figures is None:
        figures = _dashboard(actor, today=today, since=since, until=until)
        cache.set(key, figures, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    return figures


def _scope_key(actor) -> str:
    """Who sees which projects (projects_visible): the same for every admin and analyst."""
    role = scoping.role_of(actor)
    if role == scoping.CHAIN_OFFICER:
        return "officer-" + "-".join(map(str, sorted(scoping.officer_chain_ids(actor))))
    if role == scoping.DEPARTMENT:
        return f"department-{actor.organization_id}"
    return str(role)


def _fingerprint() -> str:
    """Changes with any project written (added, changed, advanced) or linked to a chain: the
    dashboard's cache key (entries also expire after LIANDONG_ANALYSIS_CACHE_SECONDS)."""
    facts = Project.objects.aggregate(n=Count("id"), top=Max("id"), changed=Max("updated_at"))
    facts["events"] = ProjectEvent.objects.aggregate(top=Max("id"))["top"]
    facts["links"] = Project.chains.through.objects.aggregate(top=Max("id"))["top"]
    return "{n}:{top}:{changed}:{events}:{links}".format(**facts).replace(" ", "T")


def _dashboard(actor, *, today: dt.date, since: dt.date | None, until: dt.date | None) -> dict[str, Any]:
    qs = projects_visible(actor)
    projects, links = project_frames(qs)
    events = query_frame(ProjectEvent.objects.filter(project__in=qs.order_by().values("id")).exclude(to_stage="")
                         .order_by().values_list("project_id", "from_stage", "to_stage", "on"),
                         {"project": pl.Int64, "from_stage": pl.String, "to_stage": pl.String, "on": pl.Date})
    figures = engine.pipeline_figures(projects, events, today=today)
    figures["summary"] = _summarize(projects, links, since=since, until=until)  # the frames read once
    first, last = (f"{since:%Y-%m}" if since else ""), (f"{until:%Y-%m}" if until else "9999-12")
    figures["landed_by_month"] = {m: n for m, n in figures["landed_by_month"].items() if first <= m <= last}
    landed = qs.filter(stage__in=list(engine.LANDED), registered__isnull=False)
    if since:
        landed = landed.filter(registered__gte=since)
    if until:
        landed = landed.filter(registered__lte=until)
    figures["by_department"] = _landed_by(landed, "department__name")
    figures["by_park"] = _landed_by(landed, "park__name")
    return figures


def _landed_by(qs: QuerySet[Project], field: str) -> list[dict[str, Any]]:
    rows = qs.order_by().values(field).annotate(n=Count("id"), capital=Sum("registered_capital")).order_by("-n")
    return [{"name": r[field] or "—", "landed": r["n"], "registered_capital": r["capital"]} for r in rows]


# --- leads --------------------------------------------------------------------------------------------
_LEAD_FRAMES = ProcessMemo(size=2)


def _registry_frames(chain: Chain, *, as_of: dt.date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The frames the lead engine reads: the registry, the chain's positions and the latest year's
    relations of outside suppliers (every kind of lead is about one). Read once per state of the data
    and year for all chains (``core.db.ProcessMemo`` under the chain analysis's fingerprint)."""
    year = (SupplyRelation.objects.filter(year__lte=as_of.year).order_by("-year").values_list("year", flat=True)
            .first()) or 0
    enterprises, positions, relations = _LEAD_FRAMES.get(f"investment-lead-frames:{data_fingerprint()}:{year}",
                                                         lambda: _read_lead_frames(year))
    return enterprises, positions.filter(pl.col("chain") == chain.code), relations


def _read_lead_frames(year: int) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    divisions = list(settings.LIANDONG_DISTRICT_DIVISIONS)
    enterprises = query_frame(Enterprise.objects.order_by().values_list("id", "uscc", "name"),
                              {"id": pl.Int64, "uscc": pl.String, "name": pl.String}).with_columns(
        pl.col("uscc").str.slice(2, 6).is_in(divisions).alias("local"))
    positions = query_frame(EnterprisePosition.objects.order_by()
                            .values_list("enterprise_id", "chain__code", "node__code", "role"),
                            {"enterprise": pl.Int64, "chain": pl.String, "node": pl.String, "role": pl.String})
    outside = (SupplyRelation.objects.filter(year=year).annotate(division=Substr("supplier__uscc", 3, 6))
               .exclude(division__in=divisions).order_by())
    relations = query_frame(outside.values_list("supplier_id", "customer_id", "year", "amount"),
                            {"supplier": pl.Int64, "customer": pl.Int64, "year": pl.Int64, "amount": pl.Float64})
    relations = relations.with_columns(yuan_to_fen("amount").alias("amount_fen"))
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


# --- pages ----------------------------------------------------------------------------------------
def board(*, actor, chain: str = "", stage: str = "", today: dt.date | None = None,
          per_stage: int = 30) -> list[dict[str, Any]]:
    """The pipeline board: one column per stage (终止 last) with its count and the projects longest in
    it first (``per_stage`` of them); each card carries its days in the stage. With ``stage``, only
    that column, with up to 500 cards."""
    today = today or timezone.localdate()
    qs = projects_visible(actor)
    if chain:
        qs = qs.filter(chains__code=chain)
    counts = dict(qs.order_by().values_list("stage").annotate(n=Count("id", distinct=True)))
    columns = []
    if stage in Stage.values:
        per_stage = 500
    for value, label in Stage.choices:
        if stage in Stage.values and value != stage:
            continue
        cards = list(qs.filter(stage=value).select_related("department").prefetch_related("chains")
                     .order_by("stage_since", "code")[:per_stage])
        for p in cards:
            p.days_in_stage = (today - p.stage_since).days if p.stage_since else None
        columns.append({"stage": value, "label": label, "count": counts.get(value, 0), "projects": cards})
    return columns


def form_choices() -> dict[str, Any]:
    """What the project forms offer: chains, their segments and sub-segments, member departments, parks."""
    from liandong.accounts.models import Organization
    from liandong.enterprises.models import Park

    chains = list(Chain.objects.order_by("order"))
    nodes: dict[int, list[ChainNode]] = {}
    for node in ChainNode.objects.filter(level__gte=2).order_by("order", "code"):
        nodes.setdefault(node.chain_id, []).append(node)
    return {
        "chains": chains,
        "node_groups": [(c, nodes.get(c.id, [])) for c in chains],
        "departments": list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT)
                            .values_list("name", flat=True)),
        "parks": list(Park.objects.values_list("name", flat=True)),
        "officers": officer_choices(),
        "stages": [(v, label) for v, label in Stage.choices if v != Stage.TERMINATED],
    }


def officer_choices() -> list[tuple[str, str]]:
    """Who may be a project's responsible officer: active district admins, chain officers and
    department staff, as (username, "name（organization）")."""
    from liandong.accounts.models import User

    users = User.objects.filter(is_active=True, role__in=[scoping.ADMIN, scoping.CHAIN_OFFICER, scoping.DEPARTMENT]
                                ).select_related("organization").order_by("organization__name", "username")
    return [(u.username, f"{u.get_full_name() or u.username}（{u.organization.name}）" if u.organization_id
             else u.get_full_name() or u.username) for u in users]


def next_stages(project: Project) -> list[tuple[str, str]]:
    """The stages a project may move to: any later one, or 终止 (none once it is 终止)."""
    if project.stage == Stage.TERMINATED:
        return []
    later = [(v, label) for v, label in Stage.choices
             if v != Stage.TERMINATED and engine.stages.rank(v) > engine.stages.rank(project.stage)]
    return [*later, (Stage.TERMINATED.value, Stage.TERMINATED.label)]


def leads_page(*, actor, chain: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """A chain's computed leads (以商招商, the chain masters' suppliers, 京津冀) with their nodes' names and
    statuses, each marked with the project it already became; the chain's leads kept on record."""
    from liandong.chains import statuses as node_statuses

    result = chain_leads(actor=actor, chain=chain, as_of=as_of, kinds=("chain_gap", "master_supplier", "jingjinji"))
    code = result["chain"]["code"]
    analysis = {n["code"]: n for n in chain_analyses(actor=actor)[code]["nodes"]}
    names = dict(ChainNode.objects.filter(chain__code=code).values_list("code", "name"))
    adopted = {(lead.kind, lead.uscc, lead.node.code if lead.node_id else ""): lead
               for lead in Lead.objects.filter(chain__code=code).exclude(kind=Lead.Kind.MANUAL)
               .select_related("node", "project")}
    for kind, key in (("chain_gap", "leads"), ("master_supplier", "master_suppliers"), ("jingjinji", "jingjinji")):
        for row in result[key]:
            node = row.get("node") or ""
            status = analysis.get(node, {}).get("status")
            row["node_name"] = names.get(node, "")
            row["status"] = status
            row["status_label"] = node_statuses.label(status) if status else ""
            row["status_color"] = node_statuses.COLORS.get(status, "")
            lead = adopted.get((kind, row["uscc"], node))
            row["project"] = getattr(lead, "project", None) if lead else None
    result["kept"] = list(manual_leads(actor=actor).filter(Q(chain__code=code) | Q(chain__isnull=True))
                          .select_related("project"))
    return result


def lead_chains() -> list[Chain]:
    return list(Chain.objects.order_by("order"))


EXPORT_EXTRA = ("进入本阶段日期", "落地企业", "责任人")


def export_rows(*, actor, stage: str = "", chain: str = "") -> tuple[list[str], list[list[Any]]]:
    """The projects list for Excel: the columns of the ``projects`` import (docs/imports.md#projects),
    so the file can be edited and imported again, then when each entered its stage and who follows it.
    Amounts in 万元."""
    from liandong.core.models import wan_text
    from liandong.investment.imports import PROJECT_COLUMNS

    header = [c.label for c in PROJECT_COLUMNS] + list(EXPORT_EXTRA)
    rows = []
    qs = project_list(actor=actor, stage=stage, chain=chain).select_related("enterprise", "officer").order_by("code")
    def wan(value):
        return float(wan_text(value)) if value is not None else None

    for p in qs:
        rows.append([p.code, p.name, p.investor, "、".join(c.name for c in p.chains.all()),
                     p.node.name if p.node_id else "", engine.STAGE_ZH[p.stage], p.signed, p.registered, p.uscc,
                     wan(p.registered_capital), wan(p.planned_investment),
                     p.department.name if p.department_id else "", p.park.name if p.park_id else "",
                     "是" if p.platform else "否", p.stage_since,
                     p.enterprise.name if p.enterprise_id else "", str(p.officer) if p.officer_id else ""])
    return header, rows


def can_set_stage_limits(actor) -> bool:
    return scoping.role_of(actor) == scoping.ADMIN


def next_code(today: dt.date) -> str:
    """A free project code of the year, ZS2026-001 onwards (the office may type its own)."""
    prefix = f"ZS{today.year}-"
    taken = set(Project.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


# --- what if the signed projects landed -------------------------------------------------------------
def whatif(*, actor, project: Project | None = None) -> dict[str, Any]:
    """The nodes whose status would change if signed projects landed: the chain analysis recomputed
    (by the engine, not guessed) with each signed project on a node placed there as a new local
    enterprise. ``this``: the given project alone; ``all``: every visible 签约 project; each a list of
    {chain, node, name, before, after} (status codes and labels)."""
    from liandong.chains import statuses as node_statuses
    from liandong.chains.analysis import thresholds
    from liandong.chains.frames import chain_frames
    from liandong.engines.graph import ChainFrames, analyze_chains

    if not can_read_projects(actor):
        raise PermissionDeniedError(_("Investment projects are for district staff."))
    signed = list(projects_visible(actor).filter(stage=Stage.SIGNED, node__isnull=False, node__level__gt=0)
                  .select_related("node__chain").order_by("code"))
    base = chain_analyses(actor=actor)
    frames = chain_frames()

    def changes(projects: list[Project]) -> list[dict[str, Any]]:
        if not projects:
            return []
        ids = [-(i + 1) for i in range(len(projects))]
        positions = pl.concat([frames.positions, pl.DataFrame(
            {"enterprise": ids, "node": [p.node.code for p in projects], "role": ["supporting"] * len(ids)},
            schema=frames.positions.schema)])
        extra = {c: [None] * len(ids) for c in frames.enterprises.columns}
        extra.update(enterprise=ids, name=[p.name for p in projects], above_scale=[False] * len(ids),
                     local=[True] * len(ids))
        enterprises = pl.concat([frames.enterprises, pl.DataFrame(extra, schema=frames.enterprises.schema)])
        chains = sorted({p.node.chain.code for p in projects})
        after = analyze_chains(ChainFrames(nodes=frames.nodes, edges=frames.edges, positions=positions,
                                           enterprises=enterprises, relations=frames.relations), thresholds(),
                               chains=chains)
        out = []
        for code in chains:
            before = {n["code"]: n for n in base[code]["nodes"]}
            for node in after[code].as_dict()["nodes"]:
                old = before.get(node["code"], {}).get("status")
                if old and old != node["status"]:
                    out.append({"chain": base[code]["chain"]["name"], "node": node["code"], "name": node["name"],
                                "before": old, "after": node["status"],
                                "before_label": node_statuses.label(old), "after_label": node_statuses.label(node["status"])})
        return out

    mine = [p for p in signed if project is not None and p.pk == project.pk]
    return {"signed": len(signed), "this": changes(mine) if project is not None else None, "all": changes(signed)}
