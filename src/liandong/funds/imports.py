"""The funds' import kinds (docs/imports.md#fund-programs, #awards).

``fund-programs`` creates a program (by code) and its budget for a year. ``awards`` upserts awards;
a file that would take any program-year's committed sum (审核通过, 公示, 已拨付) over its budget is
refused whole, the errors naming the file's committed rows of that program-year. The check runs on
the rows as read, and again inside the transaction after the program-years' rows are locked.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.accounts.names import OrganizationNames
from liandong.core.errors import ApplicationError
from liandong.engines import funds as engine
from liandong.enterprises.imports.columns import Column, ImportKind
from liandong.enterprises.imports.kinds import Handler
from liandong.funds.models import Award, Program, ProgramYear

PROGRAM_COLUMNS = (
    Column("code", "资金编号", "text", True, "XQ-ZC"),
    Column("name", "资金名称", "text", True, "西青区产业发展政策资金"),
    Column("kind", "类型", "text", example="政策资金"),
    Column("year", "年度", "year", True, "2026"),
    Column("budget", "预算（万元）", "wan", True, "20000"),
    Column("department", "主管单位", "text", example="区工业和信息化局"),
)
AWARD_COLUMNS = (
    Column("program", "资金编号", "text", True, "XQ-JG"),
    Column("year", "年度", "year", True, "2026"),
    Column("uscc", "统一社会信用代码", "uscc", True),
    Column("project", "项目名称", "text", True, "智能化产线技术改造"),
    Column("policy", "政策代码", "text"),
    Column("amount", "金额（万元）", "wan", True, "50"),
    Column("status", "状态", "text", example="审核通过"),
    Column("date", "日期", "date", example="2026-06-30"),
)
KIND_BY_ZH = {"政策资金": Program.Kind.POLICY, "引导基金": Program.Kind.GUIDE, "专项资金": Program.Kind.SPECIAL}


class FundPrograms(Handler):
    """One row per program and year; the program row is created or renamed, the year's budget upserted."""

    model = ProgramYear
    key_fields = ("program_id", "year")

    def prepare(self, rows, ctx):
        if ctx.writable_enterprises is not None:
            for row in rows:
                ctx.error(row, "code", _("Only the district administrator enters fund programs."))
            return []
        departments = OrganizationNames()
        programs = dict(Program.objects.values_list("code", "id"))
        committed = {(code, year): total for code, year, total in
                     Award.objects.filter(status__in=list(engine.COMMITTED)).order_by()
                     .values_list("program_year__program__code", "program_year__year").annotate(total=Sum("amount"))}
        placeholders: dict[str, int] = {}
        out = []
        for row in rows:
            v = row.values
            if v.get("kind") and v["kind"] not in KIND_BY_ZH:
                ctx.error(row, "kind", _("Write 政策资金, 引导基金 or 专项资金."))
                continue
            if v.get("department") and v["department"] not in departments:
                ctx.error(row, "department", _("Unknown %(what)s: %(name)s.") % {"what": _("department"),
                                                                               "name": v["department"]})
                continue
            if v.get("budget") is not None and v["budget"] < 0:
                ctx.error(row, "budget", _("Enter an amount in 万元."))
                continue
            held = committed.get((v.get("code"), v.get("year")))
            if held is not None and v.get("budget") is not None and v["budget"] < held:
                ctx.error(row, "budget", _("Awards already commit %(held)s 万元 of this budget.")
                          % {"held": f"{held / Decimal(10000):,.2f}"})
                continue
            if v.get("code") and v.get("year") is not None and v.get("budget") is not None:
                # a new program's id is known only once it is written: a placeholder keys it until then
                program_id = programs.get(v["code"]) or placeholders.setdefault(v["code"], -1 - len(placeholders))
                out.append((row, {"program_id": program_id, "year": v["year"], "budget": v["budget"],
                                  "_program": {"code": v["code"], "name": v.get("name") or v["code"],
                                               "kind": KIND_BY_ZH.get(v.get("kind") or "", Program.Kind.POLICY),
                                               "department_id": departments.get(v.get("department"))}}))
        return out

    def before_write(self, prepared, ctx):
        """The programs the rows name, created or updated first (their ids key the budgets)."""
        for _row, data in prepared:
            spec = data["_program"]
            program, _created = Program.objects.update_or_create(code=spec["code"], defaults={
                k: v for k, v in spec.items() if k != "code" and (v is not None or k == "department_id")})
            data["program_id"] = program.pk


class Awards(Handler):
    model = Award
    key_fields = ("program_year_id", "enterprise_id", "project")
    versioned = True

    def prepare(self, rows, ctx):
        years = {(code, year): (pk, budget) for pk, code, year, budget in
                 ProgramYear.objects.values_list("id", "program__code", "year", "budget")}
        writable = None
        if ctx.writable_enterprises is not None:  # chain officers: not a funds role
            writable = set()
        ids = ctx.enterprise_ids(rows, for_write=False)
        out = []
        for row in rows:
            v = row.values
            found = years.get((v.get("program"), v.get("year")))
            if v.get("program") and v.get("year") is not None and found is None:
                ctx.error(row, "program", _("No budget for %(program)s in %(year)s.") % {
                    "program": v["program"], "year": v["year"]})
                continue
            if writable is not None:
                ctx.error(row, "program", _("You may not award from this fund."))
                continue
            status = engine.STATUS_BY_ZH.get(v.get("status") or "申报")
            if status is None:
                ctx.error(row, "status", _("Write 申报, 审核通过, 公示, 已拨付 or 驳回."))
                continue
            if v.get("amount") is not None and v["amount"] <= 0:
                ctx.error(row, "amount", _("Enter an amount in 万元."))
                continue
            ent = ctx.require_enterprise(row, "uscc", ids, write=False) if v.get("uscc") else None
            if ent is None or found is None or not v.get("project") or v.get("amount") is None:
                continue
            out.append((row, {"program_year_id": found[0], "enterprise_id": ent, "project": v["project"][:200],
                              "policy": v.get("policy") or "", "amount": v["amount"], "status": status,
                              "date": v.get("date")}))
        self._guard(out, ctx, lock=False)
        return out

    def before_write(self, prepared, ctx):
        """Again, with the program-years' rows locked: what a concurrent approval committed counts."""
        if self._guard(prepared, ctx, lock=True):
            raise ApplicationError(_("The file would take a fund over its budget; nothing was written."),
                                   {"rows": sorted({e.row for e in ctx.errors})})

    @staticmethod
    def _guard(prepared, ctx, *, lock: bool) -> bool:
        by_year: dict[int, list] = defaultdict(list)
        for row, data in prepared:
            by_year[data["program_year_id"]].append((row, data))
        years = ProgramYear.objects.filter(pk__in=list(by_year)).select_related("program")
        if lock:
            years = years.select_for_update()
        broke = False
        for program_year in years:
            rows = by_year[program_year.pk]
            keys = {(d["enterprise_id"], d["project"]) for _r, d in rows}
            kept = (Award.objects.filter(program_year=program_year, status__in=list(engine.COMMITTED))
                    .values_list("enterprise_id", "project", "amount"))
            total = sum((amount for ent, project, amount in kept if (ent, project) not in keys), Decimal(0))
            committed = [(r, d) for r, d in rows if d["status"] in engine.COMMITTED]
            total += sum((d["amount"] for _r, d in committed), Decimal(0))
            if total > program_year.budget:
                broke = True
                over = (total - program_year.budget) / Decimal(10000)
                for row, _d in committed:
                    ctx.error(row, "amount", _("%(program)s %(year)d would be %(over)s 万元 over its budget.")
                              % {"program": program_year.program.name, "year": program_year.year,
                                 "over": f"{over:,.2f}"})
        return broke


KINDS = (
    ImportKind("fund-programs", gettext_lazy("Fund programs"), PROGRAM_COLUMNS, FundPrograms(), 90, ("code", "year")),
    ImportKind("awards", gettext_lazy("Fund awards"), AWARD_COLUMNS, Awards(), 100,
               ("program", "year", "uscc", "project")),
)
