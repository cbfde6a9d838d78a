"""The ``projects`` import kind (docs/imports.md#projects): one row per project, keyed by its code.

Chains are a list (集成电路、车联网); the stage is written in Chinese (线索 … 投产, 终止); 注册 and later
need the signing and registration dates, the registration never before the signing. A re-import
updates by code. A changed stage enters the timeline dated today; a landed project with a USCC is
linked (or created) in the registry and placed on its node, as the project page does it.
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.accounts.names import OrganizationNames
from liandong.chains.models import Chain, ChainNode
from liandong.engines import investment as engine
from liandong.engines.investment.stages import STAGE_BY_ZH
from liandong.enterprises.imports.columns import Column, ImportKind
from liandong.enterprises.imports.kinds import Handler
from liandong.enterprises.models import Park
from liandong.investment.models import Project, ProjectEvent

PROJECT_COLUMNS = (
    Column("code", "项目编号", "text", True, "ZS2026-001"),
    Column("name", "项目名称", "text", True, "新能源电池材料创新平台"),
    Column("investor", "投资方", "text", example="某新材料科技集团有限公司"),
    Column("chains", "所属产业链", "text", example="集成电路、车联网"),
    Column("node", "环节", "text", example="功率半导体"),
    Column("stage", "阶段", "text", example="签约"),
    Column("signed", "签约日期", "date", example="2026-05-20"),
    Column("registered", "注册日期", "date", example="2026-06-18"),
    Column("uscc", "落地企业统一社会信用代码", "uscc"),
    Column("registered_capital", "注册资金（万元）", "wan", example="5000"),
    Column("planned_investment", "计划总投资（万元）", "wan", example="30000"),
    Column("department", "责任单位", "text", example="区商务局"),
    Column("park", "所属园区", "text", example="学府工业园区"),
    Column("platform", "重大创新平台", "bool", example="否"),
)
SEPARATORS = re.compile(r"[、,，;；/\s]+")


class Projects(Handler):
    model = Project
    key_fields = ("code",)
    versioned = True

    def prepare(self, rows, ctx):
        chains: dict[str, Chain] = {}
        for chain in Chain.objects.all():
            chains[chain.code] = chains[chain.name] = chain
        nodes: dict[tuple[int, str], ChainNode] = {}
        codes: dict[str, ChainNode] = {}
        for node in ChainNode.objects.all():
            codes[node.code] = node
            nodes.setdefault((node.chain_id, node.name), node)
        departments = OrganizationNames()
        parks = dict(Park.objects.values_list("name", "id"))
        out = []
        for row in rows:
            v = row.values
            data = {k: v.get(k) for k in ("code", "name", "investor", "signed", "registered", "uscc",
                                          "registered_capital", "planned_investment", "platform")}
            stage = engine.STAGES[0]
            if v.get("stage"):
                stage = STAGE_BY_ZH.get(v["stage"]) or (v["stage"] if v["stage"] in STAGE_BY_ZH.values() else None)
                if stage is None:
                    ctx.error(row, "stage", _("Write one of 线索, 洽谈, 签约, 注册, 开工, 投产, 终止."))
                    continue
            data["stage"] = stage
            picked = []
            for name in filter(None, SEPARATORS.split(v.get("chains") or "")):
                chain = chains.get(name)
                if chain is None:
                    ctx.error(row, "chains", _("Unknown chain: %(name)s.") % {"name": name})
                    break
                picked.append(chain)
            else:
                node = None
                if v.get("node"):
                    node = codes.get(v["node"]) or next(
                        (nodes[(c.id, v["node"])] for c in picked if (c.id, v["node"]) in nodes), None)
                    if node is None:
                        ctx.error(row, "node", _("No node of the project's chains has this name or code."))
                        continue
                    if node.chain not in picked:
                        picked.append(node.chain)
                if ctx.writable_chains is not None and any(c.id not in ctx.writable_chains for c in picked):
                    ctx.error(row, "chains", _("You may not change this chain."))
                    continue
                if ctx.writable_chains is not None and not picked:
                    ctx.error(row, "chains", _("Name the project's chain: you may file projects on your chains."))
                    continue
                try:
                    if stage != engine.TERMINATED:
                        engine.stages.check_dates(stage, v.get("signed"), v.get("registered"))
                except engine.StageError as err:
                    ctx.error(row, err.field, err.message)
                    continue
                for key, table in (("department", departments), ("park", parks)):
                    if v.get(key) and v[key] not in table:
                        ctx.error(row, key, _("Unknown %(what)s: %(name)s.") % {
                            "what": _("department") if key == "department" else _("park"), "name": v[key]})
                        break
                else:
                    data["department_id"] = departments.get(v.get("department")) if v.get("department") else None
                    data["park_id"] = parks.get(v.get("park")) if v.get("park") else None
                    data["node_id"] = node.id if node else None
                    data["_chains"] = [c.id for c in picked] if v.get("chains") or node else None
                    out.append((row, data))
        return out

    def before_write(self, prepared, ctx):
        """A new project, or one whose stage the file changes, is in that stage from today."""
        stages = dict(Project.objects.filter(code__in=[d["code"] for _r, d in prepared]).values_list("code", "stage"))
        today = timezone.localdate()
        for _row, data in prepared:
            before = stages.get(data["code"])
            data["_before"] = before
            if before != data["stage"]:
                data["stage_since"] = today

    def after_write(self, prepared, ctx):
        from liandong.investment.services import land

        today = timezone.localdate()
        projects = {p.code: p for p in Project.objects.filter(code__in=[d["code"] for _r, d in prepared])
                    .select_related("node")}
        events = []
        for _row, data in prepared:
            project = projects[data["code"]]
            if data["_chains"] is not None:
                project.chains.set(data["_chains"])
            if data["_before"] != data["stage"]:
                events.append(ProjectEvent(project=project, from_stage=data["_before"] or "", to_stage=data["stage"],
                                           on=today, actor=ctx.actor if getattr(ctx.actor, "pk", None) else None,
                                           note=_("Imported")))
            if data["stage"] in engine.LANDED:
                land(ctx.actor, project)
        ProjectEvent.objects.bulk_create(events)


KINDS = (ImportKind("projects", gettext_lazy("Investment projects"), PROJECT_COLUMNS, Projects(), 80, ("code",)),)
