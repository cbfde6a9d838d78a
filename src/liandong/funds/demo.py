"""The demo district's funds (``liandong demo``; registered in apps.py): the industrial policy fund with
2亿 a year over five years (10亿, the demo year in the middle), the 技术改造 and 智能制造 special funds of
the 工信局, awards along their statuses with dated timelines, 823.6万元 disbursed from the two special
funds to enterprises of the 高端装备 chain in the demo year — so the ledger page and ``liandong funds
summary --year <year>`` give the report's sentence ("向高端装备产业链企业拨付技术改造和智能制造资金820余万元")
— and a few duplicate applications (重复申报). The demo users ``ent1`` and ``ent2`` have awards of their
own. Seeded: the same seed gives the same awards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from liandong.accounts.models import Organization
from liandong.chains.models import EnterprisePosition
from liandong.core.bulk import insert_rows
from liandong.core.demo import DemoContext
from liandong.funds.models import Award, AwardEvent, AwardStatus, Program, ProgramYear

WAN = Decimal(10000)
POLICY = ("XQ-ZC", "西青区产业发展政策资金", Program.Kind.POLICY, "区发展和改革委员会")
SPECIALS = (("XQ-JG", "技术改造专项资金", Program.Kind.SPECIAL, "区工业和信息化局"),
            ("XQ-ZN", "智能制造专项资金", Program.Kind.SPECIAL, "区工业和信息化局"))
POLICY_BUDGET_WAN = 20_000  # 2亿 a year, 10亿 over five
SPECIAL_BUDGET_WAN = {"XQ-JG": 1_500, "XQ-ZN": 1_200}
EQUIP_DISBURSED_WAN = Decimal("823.6")
EQUIP_AWARDS = 12
DUPLICATES = 3
POLICY_PROJECTS = ("新认定国家高新技术企业奖励", "规上工业企业首次入统奖励", "研发投入后补助", "专精特新企业奖励",
                   "新增产能扩产奖励", "人才引进补贴", "首台（套）重大技术装备奖励", "企业上市挂牌奖励")
SPECIAL_PROJECTS = {"XQ-JG": ("生产线技术改造项目", "设备更新改造项目", "绿色化改造项目"),
                    "XQ-ZN": ("数字化车间建设项目", "智能工厂建设项目", "工业互联网平台应用项目")}
PATH = (AwardStatus.APPLIED, AwardStatus.APPROVED, AwardStatus.PUBLISHED, AwardStatus.DISBURSED)


def _split(rng, n: int, total_wan: Decimal) -> list[Decimal]:
    """``n`` amounts (万元, one decimal) summing exactly to ``total_wan``."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    scale = total_wan / Decimal(str(sum(weights)))
    values = [(Decimal(str(w)) * scale).quantize(Decimal("0.1")) for w in weights]
    values[-1] += total_wan - sum(values)
    return values


class _Awards:
    """Awards to write, with the timeline of each: the path up to its status, dated in its year."""

    def __init__(self, rng, today: dt.date):
        self.rng, self.today = rng, today
        self.rows: list[tuple] = []
        self.events: list[tuple[int, list[tuple[str, str, dt.date]]]] = []
        self.seen: set[tuple[int, int, str]] = set()

    def add(self, year_id: int, year: int, enterprise: int, project: str, amount_wan: Decimal, status: str,
            policy: str = "") -> bool:
        if (year_id, enterprise, project) in self.seen:
            return False
        self.seen.add((year_id, enterprise, project))
        path = list(PATH[: PATH.index(status) + 1]) if status != AwardStatus.REJECTED else [PATH[0], status]
        end = min(self.today, dt.date(year, 12, 20))
        day = dt.date(year, 3, 1) + dt.timedelta(days=self.rng.randint(0, 60))
        steps = []
        for before, after in zip(["", *path[:-1]], path, strict=True):
            steps.append((before, after, min(day, end)))
            day += dt.timedelta(days=self.rng.randint(15, 45))
        self.rows.append((year_id, enterprise, project, policy, amount_wan * WAN, status, steps[-1][2], len(path)))
        self.events.append((len(self.rows) - 1, steps))
        return True


def build(context: DemoContext) -> int:
    rng = context.rng("funds")
    year = context.today.year
    orgs = dict(Organization.objects.values_list("name", "id"))
    programs = [POLICY, *SPECIALS]
    insert_rows(Program, ("code", "name", "kind", "department_id"),
                [(code, name, kind, orgs.get(dept)) for code, name, kind, dept in programs])
    pid = dict(Program.objects.filter(code__in=[p[0] for p in programs]).values_list("code", "id"))
    budgets = [(pid[POLICY[0]], y, Decimal(POLICY_BUDGET_WAN) * WAN) for y in range(year - 2, year + 3)]
    budgets += [(pid[code], y, Decimal(wan) * WAN) for code, wan in SPECIAL_BUDGET_WAN.items() for y in (year - 1, year)]
    insert_rows(ProgramYear, ("program_id", "year", "budget"), budgets)
    yid = {(code, y): i for i, code, y in ProgramYear.objects.filter(program_id__in=pid.values())
           .values_list("id", "program__code", "year")}

    local = sorted(context.enterprise_ids) or []
    equip = sorted(set(EnterprisePosition.objects.filter(chain__code="equip", enterprise_id__in=local)
                       .values_list("enterprise_id", flat=True)))
    others = sorted(set(local) - set(equip))
    awards = _Awards(rng, context.today)
    if not local:
        return len(budgets)

    # the policy fund: paid in the past years, along the way in the demo year
    for y in range(year - 2, year + 1):
        for _i in range(min(60, len(local))):
            status = AwardStatus.DISBURSED if y < year else rng.choice(
                (AwardStatus.APPLIED, AwardStatus.APPROVED, AwardStatus.PUBLISHED, AwardStatus.DISBURSED,
                 AwardStatus.DISBURSED, AwardStatus.REJECTED))
            awards.add(yid[(POLICY[0], y)], y, rng.choice(local), rng.choice(POLICY_PROJECTS),
                       Decimal(rng.randint(10, 300)), status)
    # the special funds: 823.6万 paid to 高端装备 enterprises in the demo year; others applied or past
    pool = equip or local
    pool = rng.sample(pool, len(pool))
    for i, amount in enumerate(_split(rng, EQUIP_AWARDS, EQUIP_DISBURSED_WAN)):
        code = SPECIALS[i % 2][0]
        enterprise = pool[i] if i < len(pool) else rng.choice(pool)
        project = rng.choice(SPECIAL_PROJECTS[code])
        if not awards.add(yid[(code, year)], year, enterprise, project, amount, AwardStatus.DISBURSED):
            awards.add(yid[(code, year)], year, enterprise, f"{project}（{i + 1}）", amount, AwardStatus.DISBURSED)
    for code, _name, _kind, _dept in SPECIALS:
        for y, statuses in ((year - 1, (AwardStatus.DISBURSED,)), (year, (AwardStatus.APPLIED, AwardStatus.APPROVED))):
            for _i in range(8):
                awards.add(yid[(code, y)], y, rng.choice(others or local), rng.choice(SPECIAL_PROJECTS[code]),
                           Decimal(rng.randint(20, 120)), rng.choice(statuses))
    # 重复申报: one project under the policy fund and a special fund in the demo year
    for k in range(DUPLICATES):
        enterprise, project = rng.choice(others or local), f"{rng.choice(SPECIAL_PROJECTS['XQ-JG'])}（{k + 1}期）"
        awards.add(yid[(POLICY[0], year)], year, enterprise, project, Decimal(rng.randint(30, 90)), AwardStatus.APPROVED)
        awards.add(yid[("XQ-JG", year)], year, enterprise, project, Decimal(rng.randint(30, 90)), AwardStatus.APPLIED)
    # the demo enterprise users' own awards
    for idx in context.plan.ent_users:
        if idx < len(context.enterprise_ids):
            awards.add(yid[(POLICY[0], year)], year, context.enterprise_ids[idx], "研发投入后补助",
                       Decimal(rng.randint(20, 80)), AwardStatus.PUBLISHED, policy="")
    written = insert_rows(Award, ("program_year_id", "enterprise_id", "project", "policy", "amount", "status", "date",
                                  "version"), awards.rows)
    ids = {(y, e, p): pk for pk, y, e, p in Award.objects.filter(program_year_id__in=yid.values())
           .values_list("id", "program_year_id", "enterprise_id", "project")}
    insert_rows(AwardEvent, ("award_id", "from_status", "to_status", "on", "note"),
                ((ids[awards.rows[i][:3]], before, after, on, "") for i, steps in awards.events
                 for before, after, on in steps))
    return written + len(budgets)


def reset() -> int:
    """Remove the demo's funds (``liandong demo --reset``): every award, budget and program."""
    awards = Award.objects.all().delete()[1].get("funds.Award", 0)
    return Program.objects.all().delete()[1].get("funds.Program", 0) + awards
