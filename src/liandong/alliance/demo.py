"""The demo district's chain alliance (``liandong demo``, step ``alliance``; issue #17).

Generated as records, seeded (``context.rng``; the demo's "today", never the wall clock), so that
``liandong alliance summary --as-of <today>`` reads the source's figures:

- 367 member units of the five key chains' "1+1+N+X" structure: the 21 member departments (linked to
  their organisation; the lead department of each chain 牵头部门), real universities and institutes,
  industry organisations, 西青区's towns and sub-districts, financial institutions, and enterprises of
  the district on the chains' nodes — the largest chain-master enterprise of each chain its 链主企业.
  A unit on two chains is one member. Joined from the founding meeting (2023) to today.
- 26 pairings (企企 between an upstream and a downstream member, 部门企业, 校企) with goals and a log.
- 72–78 joint activities over the last two years, the monthly 书记轮值 ones hosted in turn by
  enterprise members (``engines.alliance.plan_rota``), with participants, summaries and about 20
  cooperation intentions, most of them followed up as matchmaking introductions (a need of the buyer
  and a ``Match`` to the supplier).
- The rota of the next twelve months (``RotaSlot``), planned by the same engine from the hosts on record.
- The resource catalogue of the 21 departments (``demo_catalogue``).
- About 110 visits and policy consultations in the demo year (the service record: "服务指导企业100余家次").

The demo users ``ent1`` and ``ent2``'s enterprises are members with a pairing, activities and visits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from liandong.accounts.models import Organization, User
from liandong.alliance import demo_data as D
from liandong.alliance.demo_catalogue import CATALOGUE
from liandong.alliance.models import (
    Activity,
    Member,
    MemberRole,
    MemberType,
    Outcome,
    Pairing,
    PairingKind,
    PairingLog,
    Resource,
    RotaSlot,
    ServiceKind,
    ServiceRecord,
)
from liandong.alliance.records import service_records_sync
from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition
from liandong.core.bulk import insert_rows
from liandong.core.demo import DemoContext
from liandong.engines.alliance import RotaMember, plan_rota
from liandong.engines.alliance.rota import months_from
from liandong.engines.names import org_key
from liandong.matchmaking.models import Match, Need

MEMBERS = 367
PAIRINGS = {PairingKind.ENTERPRISES: 12, PairingKind.DEPARTMENT: 8, PairingKind.UNIVERSITY: 6}  # 26
ACTIVITIES = (72, 78)
INTENTIONS = (19, 22)
SERVICE_RECORDS = (105, 125)
ROTA_MONTHS = 12
INTENT_MARK = "【党建联建合作意向】"
"""Opens the text of the needs this step posts for the introductions, so that ``reset`` finds them."""


@dataclass
class _Unit:
    name: str
    type: str
    chains: list[str]
    role: str = MemberRole.PARTNER
    joined: dt.date | None = None
    enterprise: int | None = None
    organization: int | None = None
    uscc: str | None = None
    contact: str = ""
    phone: str = ""
    revenue: float = 0.0
    products: str = ""
    nodes: dict[str, list[int]] = field(default_factory=dict)  # chain code -> node ids
    id: int = 0


def _person(rng) -> str:
    return rng.choice(D.SURNAMES) + rng.choice(D.GIVEN)


def _office_phone(rng) -> str:
    return f"022-{rng.choice(('2739', '2738', '2391', '8771'))}{rng.randint(0, 9999):04d}"


def _mobile(rng) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"


def _day(rng, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


# --- members -----------------------------------------------------------------------------------------
def _enterprise_units(ctx: DemoContext, chains: dict[str, Chain], wanted: int, rng) -> list[_Unit]:
    """``wanted`` enterprises on the key chains' nodes: each chain's largest chain master, the demo
    users' enterprises, then a seeded draw in proportion to each chain's enterprises; every one on
    all the key chains it is positioned on."""
    index = {pk: idx for idx, pk in enumerate(ctx.enterprise_ids)}
    code_of = {c.pk: code for code, c in chains.items()}
    on: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    masters: dict[str, set[int]] = defaultdict(set)
    for ent, chain, node, role in EnterprisePosition.objects.filter(chain_id__in=code_of).order_by("id").values_list(
            "enterprise_id", "chain_id", "node_id", "role"):
        if ent in index:
            on[ent][code_of[chain]].append(node)
            if role == EnterprisePosition.Role.MASTER:
                masters[code_of[chain]].add(ent)
    plan = ctx.plan.enterprises
    size = lambda pk: (-plan[index[pk]].revenue, index[pk])  # noqa: E731
    by_chain = {code: sorted((e for e in on if code in on[e]), key=lambda e: index[e]) for code in chains}
    chosen: list[int] = []
    seen: set[int] = set()
    chain_master: dict[str, int] = {}

    def take(pk: int) -> None:
        if pk not in seen and len(chosen) < wanted:
            seen.add(pk)
            chosen.append(pk)

    for code in chains:
        pool = sorted(masters[code] or by_chain[code], key=size)
        if pool:
            chain_master[code] = pool[0]
            take(pool[0])
    for idx in ctx.plan.ent_users:
        if idx < len(ctx.enterprise_ids):
            take(ctx.enterprise_ids[idx])
    total = sum(len(v) for v in by_chain.values()) or 1
    for code, pool in by_chain.items():
        quota = round(wanted * len(pool) / total)
        rest = [e for e in pool if e not in seen]
        for pk in rng.sample(rest, min(len(rest), max(0, quota - sum(code in on[e] for e in chosen)))):
            take(pk)
    rest = [e for e in sorted(on, key=lambda e: index[e]) if e not in seen]
    for pk in rng.sample(rest, min(len(rest), max(0, wanted - len(chosen)))):
        take(pk)
    units = []
    first_code = next(iter(chains), None)
    for pk in chosen:
        e = plan[index[pk]]
        codes = [c for c in chains if c in on[pk]] or ([first_code] if first_code else [])
        role = MemberRole.MASTER if pk in chain_master.values() else MemberRole.MEMBER
        units.append(_Unit(e.name, MemberType.ENTERPRISE, codes, role, enterprise=pk, uscc=e.uscc,
                           contact=f"{_person(rng)}（{rng.choice(D.POSTS)}）", phone=_mobile(rng),
                           revenue=e.revenue, products=e.main_products, nodes={c: on[pk][c] for c in codes}))
    return units


def _members(ctx: DemoContext, chains: dict[str, Chain], rng) -> list[_Unit]:
    orgs = dict(Organization.objects.values_list("name", "id"))
    codes = list(chains)
    keep = lambda cs: [c for c in cs if c in chains]  # noqa: E731
    units: list[_Unit] = []
    leads = {name for code, name in D.LEADS.items() if code in chains}
    for name, pk in Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("order", "id").values_list(
            "name", "id"):
        role = MemberRole.LEAD if name in leads else MemberRole.PARTNER
        # a member's role holds on each of its chains: a lead department is on the chains it leads
        on = [c for c, lead in D.LEADS.items() if lead == name and c in chains] if role == MemberRole.LEAD else \
            keep(D.DEPARTMENT_CHAINS.get(name, codes)) or codes
        units.append(_Unit(name, MemberType.DEPARTMENT, on, role, organization=pk, contact=_person(rng),
                           phone=_office_phone(rng)))
    for kind, table in ((MemberType.UNIVERSITY, D.UNIVERSITIES), (MemberType.ASSOCIATION, D.ASSOCIATIONS),
                        (MemberType.SUBDISTRICT, D.SUBDISTRICTS), (MemberType.FINANCIAL, D.FINANCIAL)):
        for name, cs in table:
            units.append(_Unit(name, kind, keep(cs) or codes[:1], organization=orgs.get(name),
                               contact=_person(rng), phone=_office_phone(rng)))
    units += _enterprise_units(ctx, chains, MEMBERS - len(units), rng)
    founded = dt.date(*D.FOUNDED)
    span = max(0, (ctx.today - founded).days)
    ent_users = {ctx.enterprise_ids[i] for i in ctx.plan.ent_users if i < len(ctx.enterprise_ids)}
    for u in units:
        if u.role in (MemberRole.LEAD, MemberRole.MASTER) or u.name in ("天津大学", "西青区集成电路产业联盟"):
            u.joined = founded
        elif u.enterprise in ent_users:
            u.joined = founded + dt.timedelta(days=rng.randint(30, 400))
        else:
            u.joined = founded + dt.timedelta(days=int(span * rng.random() ** 1.4))
    return units


# --- pairings ----------------------------------------------------------------------------------------
def _upstream_pairs(units: list[_Unit], edges: set[tuple[int, int]]) -> list[tuple[_Unit, _Unit, str, int]]:
    """(upstream member, downstream member, chain, upstream node) for members on nodes an edge joins."""
    by_node: dict[int, list[tuple[_Unit, str]]] = defaultdict(list)
    for u in units:
        for code, nodes in u.nodes.items():
            for node in nodes:
                by_node[node].append((u, code))
    out = []
    for up_node, down_node in sorted(edges):
        for up, code in by_node.get(up_node, ()):
            for down, _code in by_node.get(down_node, ()):
                if up is not down:
                    out.append((up, down, code, up_node))
    return out


def _pairings(rng, units: list[_Unit], ents: list[_Unit], flows, node_names, chain_names, today, ent_users):
    rows: list[tuple] = []
    logs: list[tuple[int, dt.date, str]] = []
    seen: set[tuple[int, int, str]] = set()
    by_type = defaultdict(list)
    for u in units:
        by_type[u.type].append(u)

    def add(a: _Unit, b: _Unit, kind: str, product: str, chain: str) -> bool:
        lo, hi = sorted((a.id, b.id))
        earliest, latest = max(a.joined, b.joined) + dt.timedelta(days=20), today - dt.timedelta(days=30)
        if a is b or (lo, hi, kind) in seen or earliest > latest:
            return False
        seen.add((lo, hi, kind))
        since = _day(rng, earliest, latest)
        goal = rng.choice(D.PAIRING_GOALS[kind]).format(product=product, chain=chain_names.get(chain, ""))
        rows.append((lo, hi, kind, since, goal))
        day = since
        for text in rng.sample(D.PAIRING_LOGS[kind], rng.randint(2, 4)):
            day = min(today, day + dt.timedelta(days=rng.randint(20, 120)))
            logs.append((len(rows) - 1, day, text.format(product=product)))
        return True

    mine = [u for u in ents if u.enterprise in ent_users]
    flows = sorted(flows, key=lambda f: (f[0].id, f[1].id, f[3]))
    for target_kind, n in PAIRINGS.items():
        start = len(rows)
        if target_kind == PairingKind.ENTERPRISES:
            own = [f for f in flows if f[0] in mine or f[1] in mine]
            for u in mine:
                for up, down, code, node in rng.sample(own, len(own)):
                    if u in (up, down) and add(up, down, target_kind, node_names[node], code):
                        break
            for up, down, code, node in rng.sample(flows, len(flows)):
                if len(rows) - start >= n:
                    break
                add(up, down, target_kind, node_names[node], code)
        else:
            partners = by_type[MemberType.DEPARTMENT if target_kind == PairingKind.DEPARTMENT else MemberType.UNIVERSITY]
            gxj = [p for p in partners if p.name == D.LEADS.get("ic")]
            for u in mine:  # the demo users' enterprises: paired with the 区工信局 and a university of their chain
                ours = [p for p in partners if set(p.chains) & set(u.chains)] or partners
                if partners:
                    p = (gxj or partners)[0] if target_kind == PairingKind.DEPARTMENT else rng.choice(ours)
                    add(p, u, target_kind, (u.products or "关键产品").split("、")[0], u.chains[0])
            tries = 0
            while len(rows) - start < n and tries < 500 and partners and ents:
                tries += 1
                p = rng.choice(partners)
                shared = [e for e in ents if set(e.chains) & set(p.chains)]
                e = rng.choice(shared or ents)
                code = next((c for c in e.chains if c in p.chains), e.chains[0])
                add(p, e, target_kind, (e.products or "关键产品").split("、")[0], code)
    return rows, logs


# --- activities --------------------------------------------------------------------------------------
@dataclass
class _Activity:
    date: dt.date
    chain: str
    title: str
    host: _Unit
    rota: bool
    participants: list[_Unit]
    summary: str = ""
    outcomes: list[tuple[_Unit, _Unit, str, int | None, str]] = field(default_factory=list)  # up, down, text, node, product


def _activities(rng, units, chains, chain_names, flows, node_names, today, ent_users) -> list[_Activity]:
    first = dt.date(today.year - 2, today.month, 1) + dt.timedelta(days=32)
    first = first.replace(day=1)
    months = months_from(f"{first:%Y-%m}", 24)
    count = rng.randint(*ACTIVITIES)
    by_chain: dict[str, dict[str, list[_Unit]]] = {c: defaultdict(list) for c in chains}
    for u in units:
        for c in u.chains:
            by_chain[c][u.type].append(u)
    lead = {c: next((u for u in by_chain[c][MemberType.DEPARTMENT] if u.name == D.LEADS.get(c)), None) for c in chains}
    joined = lambda pool, day: [u for u in pool if u.joined <= day]  # noqa: E731
    out: list[_Activity] = []
    # the monthly rotating-host activity of each chain, for its last few months
    rota_months = {c: months[-rng.randint(7, 10):] for c in chains}
    for code in chains:
        start = dt.date.fromisoformat(rota_months[code][0] + "-01")
        pool = sorted(joined(by_chain[code][MemberType.ENTERPRISE], start), key=lambda u: -u.revenue)[:14]
        plan = plan_rota([RotaMember(i) for i in range(len(pool))], rota_months[code])
        for month, key in plan:
            if key is None:
                continue
            y, m = (int(p) for p in month.split("-"))
            day = min(today, dt.date(y, m, rng.randint(8, 28)))
            title = rng.choice(D.ROTA_TITLES).format(chain=chain_names[code], host=pool[key].name)
            out.append(_Activity(day, code, title, pool[key], True, []))
    others = max(0, count - len(out))
    for i in range(others):
        code = list(chains)[i % len(chains)]
        month = rng.choice(months)
        y, m = (int(p) for p in month.split("-"))
        day = min(today, dt.date(y, m, rng.randint(3, 28)))
        template, host_type = rng.choice(D.OTHER_TITLES)
        hosts = {"lead": [lead[code]] if lead[code] else [], "financial": by_chain[code][MemberType.FINANCIAL],
                 "university": by_chain[code][MemberType.UNIVERSITY], "association": by_chain[code][MemberType.ASSOCIATION],
                 "subdistrict": by_chain[code][MemberType.SUBDISTRICT]}[host_type]
        hosts = joined([h for h in hosts if h], day) or joined(by_chain[code][MemberType.DEPARTMENT], day)
        if not hosts:
            continue
        out.append(_Activity(day, code, template.format(chain=chain_names[code]), rng.choice(hosts), False, []))
    out.sort(key=lambda a: (a.date, list(chains).index(a.chain), a.title))
    # participants: the host, the chain's lead department, enterprises and partner units that had joined
    mine = [u for u in units if u.enterprise in ent_users]
    own_rounds: dict[int, int] = defaultdict(int)
    for a in out:
        people = [a.host]
        if lead[a.chain] and lead[a.chain] is not a.host and lead[a.chain].joined <= a.date:
            people.append(lead[a.chain])
        ents = [u for u in joined(by_chain[a.chain][MemberType.ENTERPRISE], a.date) if u is not a.host]
        people += rng.sample(ents, min(len(ents), rng.randint(5, 11)))
        partners = [u for t in (MemberType.UNIVERSITY, MemberType.ASSOCIATION, MemberType.SUBDISTRICT,
                                MemberType.FINANCIAL) for u in joined(by_chain[a.chain][t], a.date)]
        people += [u for u in rng.sample(partners, min(len(partners), rng.randint(1, 3))) if u not in people]
        for u in mine:  # the demo users' enterprises come to every other activity of their chain
            if a.chain in u.chains and u.joined <= a.date and u not in people:
                own_rounds[u.id] += 1
                if own_rounds[u.id] % 2:
                    people.append(u)
        a.participants = people
    # cooperation intentions, mostly after the rotating-host activities
    flow_of = {(up.id, down.id): (code, node) for up, down, code, node in flows}
    wanted = rng.randint(*INTENTIONS)
    rota = [a for a in out if a.rota]
    pool = rng.sample(rota, len(rota)) + rng.sample([a for a in out if not a.rota], len(out) - len(rota))
    made = 0
    for a in pool * 2:  # a second intention at some activities when there are few
        if made >= wanted:
            break
        ents = sorted((u for u in a.participants if u.type == MemberType.ENTERPRISE), key=lambda u: u.id)
        taken = {(x.id, y.id) for x, y, *_rest in a.outcomes}
        linked = [(x, y) for x in ents for y in ents if (x.id, y.id) in flow_of and (x.id, y.id) not in taken]
        if linked:
            up, down = rng.choice(linked)
            node = flow_of[(up.id, down.id)][1]
            product = node_names[node]
        elif len(ents) >= 2:
            up, down = rng.sample(ents, 2)
            node, product = None, (up.products or "配套产品").split("、")[0]
            if (up.id, down.id) in taken:
                continue
        else:
            continue
        text = rng.choice(D.INTENTS).format(a=up.name, b=down.name, product=product)
        a.outcomes.append((up, down, text[:300], node, product))
        made += 1
    for a in out:
        topic = rng.choice(D.TOPICS.get(a.chain, ("产业链协同发展",)))
        template = D.ROTA_SUMMARY if a.rota else D.OTHER_SUMMARY
        a.summary = template.format(host=a.host.name, n=len(a.participants), topic=topic,
                                    lead=lead[a.chain].name if lead[a.chain] else "牵头部门", k=rng.randint(3, 12))
        if a.outcomes:
            a.summary += D.INTENT_SUMMARY.format(pairs="、".join(f"{x.name}与{y.name}" for x, y, *_rest in a.outcomes))
    return out


def _introductions(rng, activities: list[_Activity], today: dt.date) -> dict[tuple[int, int], int]:
    """Most intentions followed up by the office as matchmaking introductions: the buyer's need
    (marked ``INTENT_MARK``) and the supplier introduced; some contacted, negotiating or signed.
    Returns the match id of each (activity index, outcome index) introduced."""
    office = User.objects.filter(username="admin").values_list("id", flat=True).first()
    tz = timezone.get_current_timezone()
    todo = [(i, j, a, o) for i, a in enumerate(activities) for j, o in enumerate(a.outcomes)
            if rng.random() < 0.62 and a.date < today]
    needs, matches = [], []
    if not todo:
        return {}
    for _i, _j, a, (_up, down, text, node, product) in todo:
        needs.append((down.enterprise, Need.Kind.NEED, product[:120], f"{INTENT_MARK}{a.title}：{text}。", "", "", "", "",
                      "", node, Need.Status.OPEN, None))
    insert_rows(Need, ("enterprise_id", "kind", "title", "text", "spec", "quantity", "timeframe", "budget_band",
                       "certifications", "node_id", "status", "created_by_id"), needs)
    ids = list(Need.objects.filter(text__startswith=INTENT_MARK).order_by("id").values_list("id", flat=True))[-len(needs):]
    for need_id, (_i, _j, a, (up, *_rest)) in zip(ids, todo, strict=True):
        introduced = dt.datetime.combine(min(today, a.date + dt.timedelta(days=rng.randint(3, 15))), dt.time(10), tz)
        status = rng.choice((Match.Status.INTRODUCED, Match.Status.CONTACTED, Match.Status.NEGOTIATING,
                             Match.Status.SIGNED, Match.Status.SIGNED))
        signed = introduced + dt.timedelta(days=rng.randint(20, 90))
        if status == Match.Status.SIGNED and signed.date() > today:
            status = Match.Status.NEGOTIATING
        amount = rng.randint(50, 600) * 10000 if status == Match.Status.SIGNED else None
        matches.append((need_id, up.enterprise, status, None, [f"产业链党建联建活动达成合作意向：{a.title}"], amount, "",
                        False, office, introduced, signed if status == Match.Status.SIGNED else None))
    insert_rows(Match, ("need_id", "supplier_id", "status", "score", "reasons", "amount", "closed_reason", "declined",
                        "introduced_by_id", "introduced_at", "signed_at"), matches)
    by_need = dict(Match.objects.filter(need_id__in=ids).values_list("need_id", "id"))
    return {(i, j): by_need[need_id] for need_id, (i, j, _a, _o) in zip(ids, todo, strict=True)}


# --- service record ----------------------------------------------------------------------------------
def _service_records(rng, ctx: DemoContext, ents: list[_Unit], depts: list[_Unit], offers, chain_ids, today):
    """Visits and consultations in the demo year, on member enterprises mostly (the demo users'
    among them) and on other enterprises of the district."""
    start = dt.date(today.year, 1, 1)
    n = rng.randint(*SERVICE_RECORDS)
    short = dict(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).values_list("id", "short_name"))
    weights = {"区工业和信息化局": 6, "区科学技术局": 4, "区金融工作局": 3, "区人力资源和社会保障局": 3,
               "区发展和改革委员会": 3, "区市场监督管理局": 2, "区税务局": 2, "区投资促进局": 2}
    units = [d for d in depts for _ in range(weights.get(d.name, 1))]
    plan = ctx.plan.enterprises
    by_pk = {u.enterprise: u for u in ents}
    ent_users = [ctx.enterprise_ids[i] for i in ctx.plan.ent_users if i < len(ctx.enterprise_ids)]
    others = rng.sample(range(len(ctx.enterprise_ids)), min(len(ctx.enterprise_ids), max(0, n // 4)))
    targets = [pk for pk in ent_users for _ in range(3)]
    while len(targets) < n and (ents or others):
        if ents and (rng.random() < 0.75 or not others):
            targets.append(rng.choice(ents).enterprise)
        else:
            targets.append(ctx.enterprise_ids[rng.choice(others)])
    index = {pk: idx for idx, pk in enumerate(ctx.enterprise_ids)}
    rows = []
    for pk in targets[:n]:
        unit = rng.choice(units)
        name = plan[index[pk]].name if pk in index else by_pk[pk].name
        member = by_pk.get(pk)
        code = member.chains[0] if member and member.chains else plan[index[pk]].chain
        on = _day(rng, start, today)
        titles = [t for _k, t, codes in offers.get(unit.organization, ()) if not codes or code in codes] or ["惠企政策"]
        unit_short = short.get(unit.organization, unit.name)
        people = f"{_person(rng)}、{_person(rng)}（{unit_short}）"
        if rng.random() < 0.7:
            kind = ServiceKind.VISIT
            title = rng.choice(D.VISIT_TITLES).format(unit=unit_short, enterprise=name)
            topics = "宣传解读" + "、".join(rng.sample(titles, min(len(titles), rng.randint(1, 2)))) + "；了解企业生产经营情况"
            problems = rng.choice(D.PROBLEMS) if rng.random() < 0.35 else ""
        else:
            kind = ServiceKind.CONSULTATION
            resource = rng.choice(titles)
            title = rng.choice(D.CONSULT_TITLES).format(unit=unit_short, enterprise=name, resource=resource)
            topics, problems = f"{resource}的申报条件和办理流程", ""
        rows.append((pk, on, f"{on:%Y-%m}", kind, unit.organization, chain_ids.get(code or ""), title[:200], people[:200], topics, problems,
                     "", None, "", None, None))
    rows.sort(key=lambda r: (r[1], r[0], r[6]))
    return insert_rows(ServiceRecord, ("enterprise_id", "on", "month", "kind", "unit_id", "chain_id", "title", "people",
                                       "topics", "problems", "source", "source_id", "link", "appeal_id",
                                       "created_by_id"), rows)


def _catalogue(rng, chain_ids: dict[str, int]) -> tuple[int, dict[int, list[tuple[str, str, tuple[str, ...]]]]]:
    """The 21 departments' resources; returns the count and each unit's (kind, title, chains)."""
    orgs = {name: (pk, short) for name, pk, short in Organization.objects.filter(
        kind=Organization.Kind.DEPARTMENT).values_list("name", "id", "short_name")}
    rows, links, offers = [], [], defaultdict(list)
    for name, (slug, section, items) in CATALOGUE.items():
        if name not in orgs:
            continue
        pk, short = orgs[name]
        for k, (kind, title, summary, conditions, keywords, codes) in enumerate(items, start=1):
            contact = f"{short or name}{section} {_person(rng)} {_office_phone(rng)}"
            link = f"https://www.tjxq.gov.cn/xqqzf/bmxxgk/{slug}/zcfw/{k:03d}.html"
            rows.append((pk, kind, title, summary, conditions, keywords, contact, link, True))
            links.append((pk, title, codes))
            offers[pk].append((kind, title, codes))
    n = insert_rows(Resource, ("unit_id", "kind", "title", "summary", "conditions", "keywords", "contact", "link",
                               "active"), rows)
    ids = {(u, t): pk for pk, u, t in Resource.objects.values_list("id", "unit_id", "title")}
    insert_rows(Resource.chains.through, ("resource_id", "chain_id"),
                [(ids[(u, t)], chain_ids[c]) for u, t, codes in links for c in codes if c in chain_ids])
    return n, offers


# --- the step ----------------------------------------------------------------------------------------
def build(ctx: DemoContext) -> int:
    rng = ctx.rng("alliance")
    today = ctx.today
    chains = {c.code: c for c in Chain.objects.filter(code__in=D.FIVE)}
    chains = {code: chains[code] for code in D.FIVE if code in chains}
    chain_ids = {code: c.pk for code, c in chains.items()}
    chain_names = {code: c.name for code, c in chains.items()}
    n_resources, offers = _catalogue(ctx.rng("alliance:catalogue"), chain_ids)
    ctx.add("alliance_resources", n_resources)
    if not chains:
        return n_resources
    units = _members(ctx, chains, rng)
    written = insert_rows(Member, ("name", "name_key", "uscc", "type", "role", "joined", "enterprise_id",
                                   "organization_id", "contact", "phone"),
                          [(u.name, org_key(u.name), u.uscc, u.type, u.role, u.joined, u.enterprise, u.organization,
                            u.contact, u.phone) for u in units])
    ids = dict(Member.objects.values_list("name_key", "id"))
    for u in units:
        u.id = ids[org_key(u.name)]
    insert_rows(Member.chains.through, ("member_id", "chain_id"),
                [(u.id, chain_ids[c]) for u in units for c in u.chains])
    ctx.add("alliance_members", written)

    ents = [u for u in units if u.type == MemberType.ENTERPRISE]
    ent_users = {ctx.enterprise_ids[i] for i in ctx.plan.ent_users if i < len(ctx.enterprise_ids)}
    node_names = dict(ChainNode.objects.filter(chain_id__in=chain_ids.values()).values_list("id", "name"))
    edges = set(ChainEdge.objects.filter(source__chain_id__in=chain_ids.values()).values_list("source_id", "target_id"))
    flows = _upstream_pairs(ents, edges)

    rows, logs = _pairings(ctx.rng("alliance:pairings"), units, ents, flows, node_names, chain_names, today, ent_users)
    insert_rows(Pairing, ("a_id", "b_id", "kind", "since", "goals"), rows)
    pairing_ids = {(a, b, k): pk for pk, a, b, k in Pairing.objects.values_list("id", "a_id", "b_id", "kind")}
    insert_rows(PairingLog, ("pairing_id", "on", "text", "author_id"),
                [(pairing_ids[rows[i][:3]], on, text, None) for i, on, text in logs])
    ctx.add("alliance_pairings", len(rows))
    written += len(rows) + len(logs)

    activities = _activities(ctx.rng("alliance:activities"), units, chains, chain_names, flows, node_names, today,
                             ent_users)
    codes, per_year = [], defaultdict(int)
    for a in activities:
        per_year[a.date.year] += 1
        codes.append(f"LJ{a.date.year}-{per_year[a.date.year]:03d}")
    insert_rows(Activity, ("code", "title", "chain_id", "date", "host_id", "rota", "summary", "event_id"),
                [(code, a.title, chain_ids[a.chain], a.date, a.host.id, a.rota, a.summary, None)
                 for code, a in zip(codes, activities, strict=True)])
    activity_ids = dict(Activity.objects.filter(code__in=codes).values_list("code", "id"))
    insert_rows(Activity.participants.through, ("activity_id", "member_id"),
                [(activity_ids[code], u.id) for code, a in zip(codes, activities, strict=True) for u in a.participants])
    matches = _introductions(ctx.rng("alliance:introductions"), activities, today)
    outcomes = [(activity_ids[codes[i]], up.id, down.id, text, matches.get((i, j)), None)
                for i, a in enumerate(activities) for j, (up, down, text, *_rest) in enumerate(a.outcomes)]
    insert_rows(Outcome, ("activity_id", "a_id", "b_id", "description", "match_id", "created_by_id"), outcomes)
    ctx.add("alliance_activities", len(activities))
    ctx.add("alliance_intentions", len(outcomes))
    ctx.add("alliance_introductions", len(matches))
    written += len(activities) + len(outcomes)

    # the rota of the next twelve months, as the engine plans it from the hosts on record
    last: dict[tuple[str, int], dt.date] = {}
    for a in activities:
        key = (a.chain, a.host.id)
        last[key] = max(last.get(key, a.date), a.date)
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    slots = []
    for code in chains:
        hosts = sorted((u for u in ents if code in u.chains), key=lambda u: (u.joined, u.name, u.id))
        plan = plan_rota([RotaMember(u.id, last.get((code, u.id))) for u in hosts],
                         months_from(f"{first:%Y-%m}", ROTA_MONTHS))
        slots += [(chain_ids[code], month, host, None) for month, host in plan if host is not None]
    insert_rows(RotaSlot, ("chain_id", "month", "host_id", "updated_by_id"), slots)
    ctx.add("alliance_rota", len(slots))
    written += len(slots)

    depts = [u for u in units if u.type == MemberType.DEPARTMENT]
    records = _service_records(ctx.rng("alliance:records"), ctx, ents, depts, offers, chain_ids, today)
    ctx.add("alliance_service_records", records)
    # the rest of the service record is copied from the district's appeals, check-ins, introductions,
    # awards and activities (records.py), as the background job does after every change
    copied = service_records_sync()["created"]
    ctx.add("alliance_service_records_copied", copied)
    ctx.progress(f"    联盟成员{len(units)}家，结对{len(rows)}个，联建活动{len(activities)}场，"
                 f"合作意向{len(outcomes)}项，走访和政策咨询{records}家次，其他服务{copied}家次")
    return written + n_resources + records + copied


def reset() -> int:
    """Remove the demo's alliance (``liandong demo --reset``): every row of the alliance's tables, and
    the needs (with their introductions) this step posted for the cooperation intentions."""
    needs = list(Need.objects.filter(text__startswith=INTENT_MARK, matches__alliance_outcomes__isnull=False)
                 .values_list("id", flat=True).distinct())
    n = 0
    for model in (ServiceRecord, Resource, RotaSlot, Outcome, Activity, PairingLog, Pairing, Member):
        n += model.objects.all().delete()[1].get(model._meta.label, 0)
    Need.objects.filter(id__in=needs).delete()
    return n
