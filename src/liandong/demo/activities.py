"""Events and 1:1 matchmaking (活动与对接) of the demo district: half a year of policy briefings,
matchmaking days, rotating leaders' meetings and visits, and one matchmaking day open for
registration, so the events pages and the outcomes dashboard read like the district's reports
("13场专精特新政策宣讲会", "26场撮合对接会").

``plan_events`` is the pure part: which events, their titles, chains, tiers, venues and days
(counted from "now"), who registers, who checks in, who asks whom for a 1:1 meeting and what came of
it — all from one seeded ``random.Random``, no clock, no Django. ``write_events`` turns the plans
into rows through the real services (``event_create``, ``registration_create``, ``check_in``,
``event_schedule``, ``meeting_outcome``…) acting as the demo users: the office (``admin``) registers
enterprises on their behalf (``enterprise_uscc=``) and checks them in, departments and the chain
officer organise; ``ent1``/``ent2`` register and rate with their own accounts.

1:1 meeting requests are written as rows, not through ``meeting_request``/``meeting_answer``: those
need the requesting/answering enterprise's own user, and the demo enterprises have none (only
``ent1``/``ent2``). They stand for requests made and answered in the past and recorded by the office
(the same contract as the generator's other bulk history); the timetable, check-ins and outcomes
that follow go through the services.

Moments are anchored to the time of the build (``timezone.now()`` floored to the hour): the services
stamp their rows with the build time, so ``write_events`` dates them afterwards (registration and
request times before each event, check-ins at its start). Registration codes are random (the service
draws them); everything else is fixed by the seed.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from liandong.demo import names as N

SPAN_DAYS = 178  # past events: the six months before "now"
MIN_DAYS_AGO = 3
MAX_REGISTRATIONS = 150  # per event, whatever the scale (the step stays fast at --scale 100000)
BRIEFING_SERIES_COUNT = 5  # of the 13 briefings, the numbered 专精特新 series
ROTATIONS, VISITS = 4, 3
ROTATION_CHAINS = ("ic", "auto", "equip", "bio")
VISIT_CHAINS = ("iov", "ic", "bio")
UPCOMING_CHAIN = "ic"  # ent1 and ent2 are on the 集成电路 chain
UPCOMING_DAYS, UPCOMING_REGISTRATIONS, UPCOMING_TABLES, UPCOMING_CAPACITY = 10, 30, 40, 120
MAX_MEETINGS_EACH = 6  # per participant and day
ACCEPTED, DECLINED, PENDING = "accepted", "declined", "pending"
ANSWERS = ((ACCEPTED, 0.72), (DECLINED, 0.18), (PENDING, 0.10))  # past days: some never answered
CHECKED_IN, CANCELLED, RATED = 0.88, 0.03, 0.35
HELD, INTENTION, SIGNED = 0.92, 0.35, 0.25
SIGNED_WAN = (20, 30, 50, 80, 100, 150, 200, 300, 500, 800, 1200)
RATINGS = ((5, 0.55), (4, 0.35), (3, 0.10))
ENGAGED, ENGAGED_ABOVE_SCALE = 0.65, 0.9  # share of enterprises that take part in events at all


@dataclass(slots=True)
class RegPlan:
    enterprise: int  # index into the demo plan's enterprises
    before: float  # days before the event's start when it registered
    side: str = "both"
    offer: str = ""
    checked_in: bool = False
    arrive: float = 0.0  # minutes before the start (negative: late)
    cancelled: bool = False
    rating: int | None = None
    feedback: str = ""


@dataclass(slots=True)
class MeetingPlan:
    requester: int  # index into the event's registrations
    target: int
    status: str
    before: float  # days before the event's start when it was asked
    message: str = ""
    held: bool = True  # when it can be: in the timetable and both parties checked in
    intention: bool = False
    signed_wan: int | None = None


@dataclass(slots=True)
class EventPlan:
    kind: str  # liandong.events.models.Event.Kind values
    title: str
    organiser: str  # a demo username or a department's name
    day: int  # calendar days from "now" (negative: past); the writer moves it to a working day
    start: tuple[int, int]  # local hour, minute
    minutes: int
    venue: str
    capacity: int
    announce: int  # days between publishing the event and its start
    chains: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    agenda: str = ""
    tables: int = 20
    slot_minutes: int = 20
    meetings_after: int | None = None  # minutes from the start to the first 1:1 slot
    upcoming: bool = False
    registrations: list[RegPlan] = field(default_factory=list)
    meetings: list[MeetingPlan] = field(default_factory=list)


def _pick(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([k for k, _w in pairs], weights=[w for _k, w in pairs])[0]


def _spread(rng: random.Random, count: int) -> list[int]:
    """``count`` past days (negative offsets from "now"), about evenly over SPAN_DAYS, oldest first."""
    span = SPAN_DAYS - MIN_DAYS_AGO
    return [-round(MIN_DAYS_AGO + span * (count - k - rng.uniform(0.2, 0.8)) / count) for k in range(count)]


def _sample(rng: random.Random, pool: Sequence[int], weights: dict[int, float], n: int,
            exclude: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """``n`` of ``pool`` without replacement, with probability by weight (Efraimidis–Spirakis keys)."""
    keyed = ((rng.random() ** (1.0 / weights.get(i, 1.0)), i) for i in pool if i not in exclude)
    return [i for _k, i in heapq.nlargest(n, keyed)]


class _Graph:
    """The chain graph in plan terms: who could supply whom (an edge's source family supplies its
    target family), what each node's enterprises make and look for."""

    def __init__(self, nodes, edges: Sequence[tuple[str, str]]):
        self.by_code = {n.code: n for n in nodes}
        kids: dict[str, list[str]] = defaultdict(list)
        for n in nodes:
            if n.parent:
                kids[n.parent].append(n.code)

        def family(code: str) -> list[str]:
            out, stack = [], [code]
            while stack:
                c = stack.pop()
                out.append(c)
                stack.extend(kids.get(c, ()))
            return out

        self.supplies: dict[str, list[int]] = defaultdict(list)  # node → edges it can supply on
        self.buys: dict[str, list[int]] = defaultdict(list)  # node → edges it can buy on
        self.wants: dict[str, list[str]] = defaultdict(list)  # node → what it buys (source keywords)
        for i, (source, target) in enumerate(edges):
            spec = self.by_code.get(source)
            words = (spec.keywords or (spec.name,)) if spec else ()
            for c in family(source):
                self.supplies[c].append(i)
            for c in family(target):
                self.buys[c].append(i)
                self.wants[c].extend(words)

    def stage(self, node: str) -> str:
        spec = self.by_code.get(node)
        return spec.stage if spec else ""


def plan_events(rng: random.Random, *, enterprises: Sequence[Any], nodes: Sequence[Any],
                edges: Sequence[tuple[str, str]], chain_names: dict[str, str], ent1: int, ent2: int,
                valid_on: dt.date) -> list[EventPlan]:
    """The district's events, oldest first: 13 policy briefings and 26 matchmaking days in the six
    months before "now", ROTATIONS rotating leaders' meetings and VISITS visits, and one matchmaking
    day open for registration UPCOMING_DAYS ahead (``ent1`` registered with a request waiting for its
    answer, ``ent2`` not registered). ``enterprises``: the demo plan's EnterprisePlans (index,
    positions, grants, above_scale, main_products, name); ``nodes``/``edges``: the chain graph."""
    graph = _Graph(nodes, edges)
    ents = {e.idx: e for e in enterprises}
    weights: dict[int, float] = {}
    on_chain: dict[str, list[int]] = defaultdict(list)
    holders: dict[str, list[int]] = defaultdict(list)
    for e in enterprises:
        engaged = rng.random() < (ENGAGED_ABOVE_SCALE if e.above_scale else ENGAGED)
        roles = {p.role for p in e.positions}
        weights[e.idx] = (1.0 if engaged else 0.03) * (2.0 if roles & {"master", "core"} else 1.0)
        for chain in sorted({p.chain for p in e.positions}):
            on_chain[chain].append(e.idx)
        for g in e.grants:
            if g.expires >= valid_on:
                holders[g.type].append(e.idx)
    weights[ent1] = weights[ent2] = 1.0  # the demo accounts' enterprises take part
    plans: list[EventPlan] = []
    plans += _briefings(rng, weights, holders, ents)
    plans += _matchmaking(rng, weights, on_chain, ents, graph, chain_names, ent2=ent2)
    plans += _rotations(rng, weights, on_chain, ents, chain_names)
    plans += _visits(rng, weights, on_chain, chain_names)
    plans.append(_upcoming(rng, weights, on_chain, ents, graph, chain_names, ent1=ent1, ent2=ent2))
    plans.sort(key=lambda p: (p.day, p.start))
    _number(plans)
    return plans


def _number(plans: list[EventPlan]) -> None:
    """Repeated titles become a series: （第N期） in the order held."""
    counts: dict[str, int] = defaultdict(int)
    for p in plans:
        counts[p.title] += 1
    seen: dict[str, int] = defaultdict(int)
    for p in plans:
        seen[p.title] += 1
        if "{n}" in p.title:
            p.title = p.title.format(n=seen[p.title])
        elif counts[p.title] > 1:
            p.title = f"{p.title}（第{seen[p.title]}期）"


def _registrations(rng: random.Random, chosen: Sequence[int], announce: int, *, past: bool,
                   cancel: bool = True) -> list[RegPlan]:
    regs = []
    for idx in chosen:
        r = RegPlan(idx, round(rng.uniform(0.5, announce - 0.5), 3))
        if past:
            r.cancelled = cancel and rng.random() < CANCELLED
            r.checked_in = not r.cancelled and rng.random() < CHECKED_IN
            r.arrive = round(rng.uniform(-20, 40), 1)
            if r.checked_in and rng.random() < RATED:
                r.rating = _pick(rng, RATINGS)
                r.feedback = rng.choice(N.EVENT_FEEDBACK[r.rating])
        regs.append(r)
    regs.sort(key=lambda r: -r.before)  # in the order they came in
    return regs


def _briefings(rng, weights, holders, ents) -> list[EventPlan]:
    kinds = [N.BRIEFING_SERIES] * BRIEFING_SERIES_COUNT + list(N.BRIEFING_TITLES)
    rng.shuffle(kinds)
    plans = []
    for day, (title, tiers, department) in zip(_spread(rng, len(kinds)), kinds, strict=True):
        pool = sorted({i for t in tiers for i in holders.get(t, ())})
        if len(pool) < 20:  # few holders: those preparing for the tier come too
            pool = sorted(set(pool) | {i for i, e in ents.items() if e.above_scale})
        venue, capacity = rng.choice(N.BRIEFING_VENUES)
        n = min(MAX_REGISTRATIONS, capacity + rng.randint(0, 4), max(min(10, len(pool)),
                                                                      round(len(pool) * rng.uniform(0.25, 0.4))))
        start = rng.choice(((9, 30), (14, 30)))
        p = EventPlan("briefing", title, department, day, start, rng.choice((120, 150)), venue, capacity, 14,
                      tiers=tiers, agenda=N.BRIEFING_AGENDA.format(title=title.split("（")[0]))
        p.registrations = _registrations(rng, _sample(rng, pool, weights, n), p.announce, past=True)
        plans.append(p)
    return plans


def _offer(rng: random.Random, graph: _Graph, e, chains: tuple[str, ...]) -> tuple[str, str]:
    """(side, offer) of an enterprise on a matchmaking day: by the stage of its node on the chains."""
    positions = [p for p in e.positions if p.chain in chains] or list(e.positions)
    pos = positions[0] if positions else None
    products = ((pos.products if pos else "") or e.main_products or "").split("、")[0][:60]
    stage = graph.stage(pos.node) if pos else ""
    wants = graph.wants.get(pos.node, []) if pos else []
    want = rng.choice(wants) if wants else ""
    side = "supplier" if stage == "upstream" or not want else "buyer" if stage == "downstream" else "both"
    if side == "supplier":
        return side, f"供应：{products}"
    if side == "buyer":
        return side, f"寻找{want}供应商"
    return side, f"供应：{products}；寻找{want}供应商"


def _meetings(rng: random.Random, regs: list[RegPlan], ents, graph: _Graph, *, count: int,
              answers) -> list[MeetingPlan]:
    """``count`` 1:1 requests between the (not cancelled) registrants: supply-linked pairs first
    (the buyer asks more often than the supplier), then pairs on the same chain."""
    live = [k for k, r in enumerate(regs) if not r.cancelled]
    as_supplier: dict[int, list[int]] = defaultdict(list)
    as_buyer: dict[int, list[int]] = defaultdict(list)
    for k in live:
        e = ents[regs[k].enterprise]
        for edge in sorted({i for p in e.positions for i in graph.supplies.get(p.node, ())}):
            as_supplier[edge].append(k)
        for edge in sorted({i for p in e.positions for i in graph.buys.get(p.node, ())}):
            as_buyer[edge].append(k)
    linked = sorted({(s, b) for edge, sellers in as_supplier.items() for s in sellers
                     for b in as_buyer.get(edge, ()) if s != b})
    rng.shuffle(linked)
    degree: dict[int, int] = defaultdict(int)
    pairs: set[frozenset[int]] = set()
    out: list[MeetingPlan] = []

    def add(a: int, b: int, product: str) -> None:
        if a == b or frozenset((a, b)) in pairs or degree[a] >= MAX_MEETINGS_EACH or degree[b] >= MAX_MEETINGS_EACH:
            return
        pairs.add(frozenset((a, b)))
        degree[a] += 1
        degree[b] += 1
        latest = min(regs[a].before, regs[b].before)
        message = rng.choice(N.MEETING_MESSAGES).format(product=product or "相关产品")
        m = MeetingPlan(a, b, _pick(rng, answers), round(rng.uniform(0.1, max(0.2, latest - 0.05)), 3), message)
        m.held = rng.random() < HELD
        m.intention = rng.random() < INTENTION
        m.signed_wan = rng.choice(SIGNED_WAN) if m.intention and rng.random() < SIGNED else None
        out.append(m)

    for s, b in linked:
        if len(out) >= count:
            break
        product = (ents[regs[s].enterprise].main_products or "").split("、")[0]
        add(*((b, s) if rng.random() < 0.65 else (s, b)), product)
    tries = 0
    while len(out) < count and len(live) > 1 and tries < 20 * count:
        tries += 1
        a, b = rng.sample(live, 2)
        add(a, b, (ents[regs[b].enterprise].main_products or "").split("、")[0])
    return out


def _matchmaking(rng, weights, on_chain, ents, graph, chain_names, *, ent2: int) -> list[EventPlan]:
    keys = [key for key, n in N.MATCHMAKING_MIX.items() for _ in range(n)]
    rng.shuffle(keys)
    used: dict[tuple[str, ...], int] = defaultdict(int)
    plans = []
    for day, key in zip(_spread(rng, len(keys)), keys, strict=True):
        bank = N.MATCHMAKING_TITLES[key]
        title = bank[used[key] % len(bank)]
        used[key] += 1
        pool = sorted({i for c in key for i in on_chain.get(c, ())})
        venue, capacity = rng.choice(N.MATCHMAKING_VENUES)
        n = min(MAX_REGISTRATIONS, capacity, max(min(8, len(pool)), round(len(pool) * rng.uniform(0.15, 0.24))))
        organiser = "officer" if set(key) & {"ic", "iov"} else "dept" if "auto" in key else "admin"
        slot_minutes = rng.choice((15, 20, 20, 30))
        p = EventPlan("matchmaking", title, organiser, day, (9, 0), 450, venue, capacity, 21, chains=key,
                      tables=rng.choice((20, 24, 30, 40)), slot_minutes=slot_minutes, meetings_after=60,
                      agenda=N.MATCHMAKING_AGENDA.format(chains="、".join(chain_names.get(c, c) for c in key),
                                                         meetings="10:00", minutes=slot_minutes))
        p.registrations = _registrations(rng, _sample(rng, pool, weights, n), p.announce, past=True)
        for r in p.registrations:
            r.side, r.offer = _offer(rng, graph, ents[r.enterprise], key)
        p.meetings = _meetings(rng, p.registrations, ents, graph, count=round(n * rng.uniform(0.7, 1.0)),
                               answers=ANSWERS)
        plans.append(p)
    return plans


def _rotations(rng, weights, on_chain, ents, chain_names) -> list[EventPlan]:
    plans = []
    hosted: set[int] = set()
    for day, chain in zip(_spread(rng, ROTATIONS), ROTATION_CHAINS[:ROTATIONS], strict=True):
        pool = on_chain.get(chain, [])
        if not pool:
            continue
        masters = [i for i in pool if i not in hosted and any(p.role == "master" and p.chain == chain
                                                             for p in ents[i].positions)]
        host = rng.choice(masters or [i for i in pool if i not in hosted] or pool)
        hosted.add(host)
        short = ents[host].name.removeprefix("天津").removesuffix("有限公司").removesuffix("股份")
        name = chain_names.get(chain, chain)
        n = min(MAX_REGISTRATIONS, len(pool), rng.randint(12, 24))
        p = EventPlan("rotation", N.ROTATION_TITLE.format(chain=name, host=short), "admin", day, (14, 0), 150,
                      f"{ents[host].name}会议室", 40, 10, chains=(chain,), agenda=N.ROTATION_AGENDA.format(host=short))
        chosen = [host, *_sample(rng, pool, weights, n - 1, exclude={host})]
        p.registrations = _registrations(rng, chosen, p.announce, past=True, cancel=False)
        for r in p.registrations:
            if r.enterprise == host:
                r.checked_in, r.arrive = True, 45.0
        plans.append(p)
    return plans


def _visits(rng, weights, on_chain, chain_names) -> list[EventPlan]:
    plans = []
    for day, chain in zip(_spread(rng, VISITS), VISIT_CHAINS[:VISITS], strict=True):
        pool = on_chain.get(chain, [])
        if not pool:
            continue
        name = chain_names.get(chain, chain)
        p = EventPlan("visit", rng.choice(N.VISIT_TITLES).format(chain=name), rng.choice(("dept", "admin")), day,
                      (9, 0), 240, f"{name}产业链相关企业现场", 10, 5, chains=(chain,), agenda=N.VISIT_AGENDA)
        chosen = _sample(rng, pool, weights, min(len(pool), rng.randint(4, 8)))
        p.registrations = _registrations(rng, chosen, p.announce, past=True, cancel=False)
        for r in p.registrations:  # the enterprises visited: all there
            r.checked_in, r.rating, r.feedback = True, None, ""
        plans.append(p)
    return plans


def _upcoming(rng, weights, on_chain, ents, graph, chain_names, *, ent1: int, ent2: int) -> EventPlan:
    key = (UPCOMING_CHAIN,)
    pool = on_chain.get(UPCOMING_CHAIN, [])
    n = min(UPCOMING_REGISTRATIONS, len(pool))
    p = EventPlan("matchmaking", N.MATCHMAKING_TITLES[key][0], "officer", UPCOMING_DAYS, (9, 0), 450,
                  N.MATCHMAKING_VENUES[0][0], UPCOMING_CAPACITY, 18, chains=key, tables=UPCOMING_TABLES,
                  meetings_after=60, upcoming=True,
                  agenda=N.MATCHMAKING_AGENDA.format(chains=chain_names.get(UPCOMING_CHAIN, UPCOMING_CHAIN),
                                                     meetings="10:00", minutes=20))
    chosen = [ent1, *_sample(rng, pool, weights, max(0, n - 1), exclude={ent1, ent2})]
    # registered since the event was published (announce days before the start), up to "now"
    regs = []
    for idx in chosen:
        r = RegPlan(idx, round(UPCOMING_DAYS + rng.uniform(0.2, p.announce - UPCOMING_DAYS - 0.2), 3))
        r.side, r.offer = _offer(rng, graph, ents[idx], key)
        regs.append(r)
    regs.sort(key=lambda r: -r.before)
    p.registrations = regs
    p.meetings = _meetings(rng, regs, ents, graph, count=max(0, min(10, len(regs) // 3)),
                           answers=((ACCEPTED, 0.4), (PENDING, 0.5), (DECLINED, 0.1)))
    for m in p.meetings:
        m.before = UPCOMING_DAYS + (m.before % 1.0) * 0.9 + 0.05
        m.held, m.intention, m.signed_wan = True, False, None
    mine = next(k for k, r in enumerate(regs) if r.enterprise == ent1)
    # a request waiting for ent1's answer, from a registrant that could supply it or buy from it
    met = {m.requester for m in p.meetings if m.target == mine} | {m.target for m in p.meetings if m.requester == mine}
    own_edges = {i for pos in ents[ent1].positions for i in (*graph.supplies.get(pos.node, ()),
                                                             *graph.buys.get(pos.node, ()))}
    others = [k for k in range(len(regs)) if k != mine and k not in met]
    linked = [k for k in others if own_edges & {i for pos in ents[regs[k].enterprise].positions
                                                for i in (*graph.supplies.get(pos.node, ()),
                                                          *graph.buys.get(pos.node, ()))}]
    if linked or others:
        asker = rng.choice(linked or others)
        product = (ents[ent1].main_products or "").split("、")[0] or "相关产品"
        p.meetings.append(MeetingPlan(asker, mine, PENDING, UPCOMING_DAYS + 0.3,
                                      f"关注到贵司的{product}，希望在对接会上当面交流合作。"))
    return p


# --- writing ------------------------------------------------------------------------------------
@dataclass
class Written:
    events: int = 0
    registrations: int = 0
    meeting_requests: int = 0


def write_events(plans: list[EventPlan], *, anchor: dt.datetime, usccs: dict[int, str], ids: dict[int, int],
                 office, organisers: dict[str, Any], enterprise_users: dict[int, Any]) -> Written:
    """Create every planned event through the services, oldest first, then date the rows at the
    moments they stand for. ``organisers``: demo username or department name → user; ``ids``: plan
    index → enterprise id; ``enterprise_users``: plan index → the enterprise's own user (ent1/ent2)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from liandong.appeals.calendar import work_calendar
    from liandong.core.bulk import update_rows
    from liandong.enterprises.models import Contact
    from liandong.events import services as S
    from liandong.events.models import Event, Invitation, MeetingRequest, Registration
    from liandong.notifications.models import Notification

    calendar = work_calendar(timezone.localdate(anchor))
    tz = timezone.get_current_timezone()
    people: dict[int, tuple[str, str]] = {}
    wanted = sorted({ids[r.enterprise] for p in plans for r in p.registrations})
    for chunk in range(0, len(wanted), 500):
        for eid, name, title, phone in (Contact.objects.filter(enterprise_id__in=wanted[chunk:chunk + 500])
                                        .order_by("-is_primary", "id")
                                        .values_list("enterprise_id", "name", "title", "phone")):
            people.setdefault(eid, (f"{name}（{title}）" if title else name, phone))
    taken: dict[str, set[dt.date]] = defaultdict(set)
    events: list[Event] = []
    registrations: list[Registration] = []
    requests: list[MeetingRequest] = []
    out = Written()
    for p in plans:
        day = timezone.localdate(anchor) + dt.timedelta(days=p.day)
        step = 1 if p.upcoming else -1
        while not calendar.is_working_day(day) or day in taken[p.kind]:
            day += dt.timedelta(days=step)
        taken[p.kind].add(day)
        starts = dt.datetime.combine(day, dt.time(*p.start), tzinfo=tz)
        ends = starts + dt.timedelta(minutes=p.minutes)
        published = min(starts - dt.timedelta(days=p.announce), anchor - dt.timedelta(days=1))
        organiser = organisers.get(p.organiser) or office
        event = S.event_create(
            actor=organiser, title=p.title, kind=p.kind, status=Event.Status.OPEN, starts_at=starts, ends_at=ends,
            venue=p.venue, capacity=p.capacity, agenda=p.agenda, tables=p.tables, slot_minutes=p.slot_minutes,
            meetings_start=starts + dt.timedelta(minutes=p.meetings_after) if p.meetings_after is not None else None,
            chains=list(p.chains), tiers=list(p.tiers))

        def moment(days_before: float, *, at: dt.datetime = starts, floor: dt.datetime = published) -> dt.datetime:
            when = max(floor + dt.timedelta(minutes=10), _office_hours(at - dt.timedelta(days=days_before)))
            return min(when, anchor - dt.timedelta(minutes=5))

        regs: list[Registration] = []
        for r in p.registrations:
            own = enterprise_users.get(r.enterprise)
            who, phone = people.get(ids[r.enterprise], ("企业负责人", ""))
            reg = S.registration_create(actor=own or office, event=event, representatives=who, phone=phone,
                                        side=r.side, offer=r.offer,
                                        enterprise_uscc=None if own else usccs[r.enterprise])
            reg.created_at = reg.updated_at = moment(r.before)
            regs.append(reg)
        for r, reg in zip(p.registrations, regs, strict=True):
            if r.cancelled:
                S.registration_cancel(actor=enterprise_users.get(r.enterprise) or office, registration=reg)
                reg.updated_at = moment(r.before / 2, floor=reg.created_at)
        status = dict(event.registrations.values_list("pk", "status"))  # the waiting list may have moved up
        for reg in regs:
            reg.status = status[reg.pk]
        live = {k for k, reg in enumerate(regs) if reg.status == Registration.Status.REGISTERED}
        rows = [MeetingRequest(event=event, requester=regs[m.requester], target=regs[m.target], status=m.status,
                               message=m.message[:300]) for m in p.meetings if {m.requester, m.target} <= live]
        kept = [m for m in p.meetings if {m.requester, m.target} <= live]
        rows = MeetingRequest.objects.bulk_create(rows)
        for m, row in zip(kept, rows, strict=True):
            row.created_at = moment(m.before, floor=max(regs[m.requester].created_at, regs[m.target].created_at))
            row.updated_at = row.created_at if m.status == PENDING else moment(m.before / 2, floor=row.created_at)
        if p.upcoming:
            for m, row in zip(kept, rows, strict=True):
                user = enterprise_users.get(p.registrations[m.target].enterprise)
                if user is not None and m.status == PENDING:  # what meeting_request would have sent
                    note = Notification.objects.create(
                        recipient=user, kind="meeting", key=f"meeting:{row.pk}:{user.pk}", body=m.message[:300],
                        title=_("%(who)s asks for a 1:1 meeting at %(event)s")
                        % {"who": regs[m.requester].enterprise.name, "event": event.title})
                    Notification.objects.filter(pk=note.pk).update(created_at=row.created_at)
            invited = [ids[r.enterprise] for r in p.registrations] + [
                ids[i] for i in enterprise_users if ids[i] not in {ids[r.enterprise] for r in p.registrations}]
            S.invitations_send(actor=organiser, event=event, enterprise_ids=invited)
            Invitation.objects.filter(event=event).update(sent_at=published)
            Notification.objects.filter(key__startswith=f"invite:{event.pk}:").update(created_at=published)
            event.created_at = published
            event.updated_at = max(reg.created_at for reg in regs) if regs else published
        else:
            S.event_update(actor=organiser, event=event, status=Event.Status.CLOSED)
            if p.kind == Event.Kind.MATCHMAKING:
                S.event_schedule(actor=organiser, event=event)
                event.scheduled_at = starts - dt.timedelta(hours=17)  # the afternoon before
            for k in sorted(live):
                r, reg = p.registrations[k], regs[k]
                if r.checked_in:
                    S.check_in(actor=office, event=event, code=reg.code)
                    reg.checked_in_at = reg.updated_at = starts - dt.timedelta(minutes=r.arrive)
            there = {k for k in live if p.registrations[k].checked_in}
            placed = {pk: (slot, table) for pk, slot, table in event.meeting_requests.filter(slot__isnull=False)
                      .values_list("pk", "slot", "table")}
            for m, row in zip(kept, rows, strict=True):
                if row.pk not in placed:
                    continue
                row.slot, row.table = placed[row.pk]  # meeting_outcome saves the whole row
                held = m.held and {m.requester, m.target} <= there
                S.meeting_outcome(actor=office, request=row, held=held, intention=held and m.intention,
                                  signed_wan=m.signed_wan if held and m.intention else None)
                row.updated_at = ends + dt.timedelta(days=1)
            for r, reg in zip(p.registrations, regs, strict=True):
                if r.rating is None or reg.checked_in_at is None:
                    continue
                own = enterprise_users.get(r.enterprise)
                if own is not None:
                    S.feedback_give(actor=own, registration=reg, rating=r.rating, comment=r.feedback)
                else:  # the on-site questionnaire, entered by the office
                    reg.rating, reg.feedback = r.rating, r.feedback
                reg.updated_at = ends + dt.timedelta(hours=1)
            S.event_update(actor=organiser, event=event, status=Event.Status.DONE)
            event.created_at = published
            event.updated_at = ends + dt.timedelta(days=1)
        events.append(event)
        registrations += regs
        requests += rows
    # the moments they stand for, written as set (auto_now would stamp the build time)
    update_rows(Event, ("created_at", "updated_at", "scheduled_at"), events)
    update_rows(Registration, ("created_at", "updated_at", "checked_in_at", "rating", "feedback"), registrations)
    update_rows(MeetingRequest, ("created_at", "updated_at"), requests)
    out.events, out.registrations, out.meeting_requests = len(events), len(registrations), len(requests)
    return out


def _office_hours(moment: dt.datetime) -> dt.datetime:
    """The same day's moment between 08:30 and 18:00 (local), in the same order within the day:
    people register and ask for meetings at work, not at 3 a.m."""
    local = moment.astimezone(moment.tzinfo)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    share = (local - midnight) / dt.timedelta(days=1)
    return midnight + dt.timedelta(hours=8.5 + 9.5 * share)
