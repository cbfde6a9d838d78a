"""The demo district's investment work (``liandong demo``; registered in apps.py): about 200 projects
since 11 April of the demo year, of which 134 landed with 11.03亿 registered capital and over 60 % on
the key chains, each with its dated timeline; two major innovation platforms signed; a few leads
entered by hand; the outside suppliers the office tracks placed on the node of their product, so the
leads pages have leads. Seeded, so ``liandong projects summary --since <year>-04-11`` reproduces the figures
of the source ("4月11日以来，园区已落地项目134个，注册资金11.03亿元。其中，六成以上与…重点发展产业相关")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from liandong.accounts.models import Organization
from liandong.chains.defaults import key_chain_codes
from liandong.chains.models import Chain, ChainNode, EnterprisePosition
from liandong.core.bulk import insert_rows
from liandong.core.demo import DemoContext
from liandong.enterprises.models import Enterprise, Park
from liandong.investment.models import Lead, Project, ProjectEvent, Stage

LANDED = 134
CAPITAL_WAN = 110_300  # 11.03亿
ON_KEY_CHAINS = 84  # of the landed: 62.7 %
OTHERS = {Stage.LEAD: 18, Stage.TALKS: 20, Stage.SIGNED: 16, Stage.TERMINATED: 12}
PLATFORMS = (("新能源电池材料创新平台", "auto"), ("高端医疗器械创新平台", "bio"))
INVESTORS = ("京津冀协同发展基金", "中央企业二级子公司", "北京科技服务企业", "长三角半导体集团", "粤港澳新能源企业",
             "本地链主企业扩产", "外资医疗器械公司", "高校科技成果转化团队")
PRODUCTS = ("功率半导体封测", "车规级芯片设计", "智能网联测试", "动力电池材料", "精密减速器", "工业机器人整机",
            "医疗器械研发", "生物药CDMO", "车载通信模组", "高端数控机床", "传感器", "储能系统")
SINCE = (4, 11)


def _capitals(rng, n: int, total_wan: int) -> list[Decimal]:
    """``n`` registered capitals (万元, two decimals) summing exactly to ``total_wan``."""
    weights = [rng.lognormvariate(0, 1) for _ in range(n)]
    scale = total_wan / sum(weights)
    values = [Decimal(str(round(w * scale, 2))) for w in weights]
    values[-1] += Decimal(total_wan) - sum(values)
    return values


def track_outside_suppliers() -> int:
    """The office has mapped the outside suppliers it tracks onto the node of what they make (their
    main product is the node's name), so the leads page finds them (以商招商, 京津冀)."""
    divisions = set(settings.LIANDONG_DISTRICT_DIVISIONS)
    by_name: dict[str, ChainNode] = {}
    for node in ChainNode.objects.filter(level__gte=2).order_by("chain__order", "order"):
        by_name.setdefault(node.name, node)
    rows = []
    for pk, uscc, product in Enterprise.objects.filter(positions__isnull=True).values_list("id", "uscc", "main_products"):
        node = by_name.get(product)
        if uscc[2:8] not in divisions and node is not None:
            rows.append((pk, node.chain_id, node.id, EnterprisePosition.Role.SUPPORTING, product))
    return insert_rows(EnterprisePosition, ("enterprise_id", "chain_id", "node_id", "role", "products"), rows)


def build(context: DemoContext) -> int:
    rng = context.rng("investment")
    year = context.today.year
    start = dt.date(year, *SINCE)
    span = (context.today - start).days
    key_chains = list(Chain.objects.filter(code__in=key_chain_codes()).order_by("order"))
    nodes = {c.id: list(ChainNode.objects.filter(chain=c, level__gte=2).order_by("order")) for c in key_chains}
    departments = list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("id")) or [None]
    parks = list(Park.objects.order_by("id")) or [None]
    capitals = _capitals(rng, LANDED, CAPITAL_WAN)
    stages = ([rng.choice((Stage.REGISTERED, Stage.STARTED, Stage.PRODUCING)) for _ in range(LANDED)]
              + [stage for stage, n in OTHERS.items() for _ in range(n)])
    on_key = set(rng.sample(range(LANDED), ON_KEY_CHAINS)) | set(range(LANDED, len(stages)))
    projects, links, events = [], [], []
    for i, stage in enumerate(stages):
        chain = rng.choice(key_chains) if i in on_key else None
        node = rng.choice(nodes[chain.id]) if chain is not None and rng.random() < 0.8 else None
        product = rng.choice(PRODUCTS)
        name = f"{product}项目（{i + 1:03d}）"
        path = [Stage.LEAD, Stage.TALKS, Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.PRODUCING]
        if stage == Stage.TERMINATED:
            path = path[: rng.randint(1, 3)] + [Stage.TERMINATED]
        else:
            path = path[: path.index(stage) + 1]
        first = start + dt.timedelta(days=rng.randint(0, max(1, span // 3)))
        dates, day = [], first
        for _step in path:
            dates.append(day)
            day = min(context.today, day + dt.timedelta(days=rng.randint(5, 40)))
        signed = dates[path.index(Stage.SIGNED)] if Stage.SIGNED in path else None
        registered = dates[path.index(Stage.REGISTERED)] if Stage.REGISTERED in path else None
        capital = capitals[i] * 10000 if i < LANDED else None
        projects.append((f"XQ{year}-{i + 1:03d}", name, rng.choice(INVESTORS), node.id if node else None, stage,
                         dates[-1], signed, registered, capital,
                         Decimal(rng.randint(2, 60) * 1000) * 10000, getattr(rng.choice(departments), "id", None),
                         getattr(rng.choice(parks), "id", None), False,
                         "投资方调整战略布局" if stage == Stage.TERMINATED else "", 1, ""))
        if chain is not None:
            links.append((i, chain.id))
        events.append((i, list(zip([""] + path[:-1], path, dates, strict=True))))
    for k, (name, chain_code) in enumerate(PLATFORMS):
        chain = next(c for c in key_chains if c.code == chain_code)
        day = start + dt.timedelta(days=30 + 20 * k)
        projects.append((f"XQ{year}-P{k + 1}", name, rng.choice(INVESTORS), None, Stage.SIGNED, day, day, None, None,
                         Decimal(300_000) * 10000, getattr(departments[0], "id", None), getattr(parks[0], "id", None),
                         True, "", 1, ""))
        links.append((len(projects) - 1, chain.id))
        events.append((len(projects) - 1, [("", Stage.LEAD, day - dt.timedelta(days=40)),
                                           (Stage.LEAD, Stage.TALKS, day - dt.timedelta(days=20)),
                                           (Stage.TALKS, Stage.SIGNED, day)]))
    columns = ("code", "name", "investor", "node_id", "stage", "stage_since", "signed", "registered",
               "registered_capital", "planned_investment", "department_id", "park_id", "platform",
               "termination_reason", "version", "uscc")
    written = insert_rows(Project, columns, projects)
    ids = dict(Project.objects.filter(code__in=[p[0] for p in projects]).values_list("code", "id"))
    pid = [ids[p[0]] for p in projects]
    insert_rows(Project.chains.through, ("project_id", "chain_id"), ((pid[i], c) for i, c in links))
    insert_rows(ProjectEvent, ("project_id", "from_stage", "to_stage", "on", "note"),
                ((pid[i], a, b, on, "") for i, steps in events for a, b, on in steps))
    leads = [(Lead.Kind.MANUAL, f"{rng.choice(INVESTORS)}（{source}）", source, reason, Lead.Status.OPEN, "")
             for source, reason in (("走访", "拟在京津冀布局第二生产基地"), ("展会", "世界智能大会洽谈，有意落地研发中心"),
                                    ("推介", "链主企业推荐的上游材料供应商"))]
    insert_rows(Lead, ("kind", "name", "source", "reason", "status", "uscc"), leads)
    context.add("tracked_outside", track_outside_suppliers())
    return written


def reset() -> int:
    """Remove the demo's investment work (``liandong demo --reset``): every project and lead."""
    leads = Lead.objects.all().delete()[1].get("investment.Lead", 0)
    return Project.objects.all().delete()[1].get("investment.Project", 0) + leads
