"""Demo steps of the chains: enterprises' chain positions, supply relations between local
enterprises, and suppliers outside the district with what they supply (no audit entries for the
positions and relations; one per outside supplier)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from liandong.core.bulk import insert_rows
from liandong.core.demo import DemoContext
from liandong.demo import names as N
from liandong.demo.steps.common import Ref, chains, money

MAX_SUPPLIERS_PER_CUSTOMER = 6
RELATION_COLUMNS = ("supplier_id", "customer_id", "year", "product", "amount")


def positions(ctx: DemoContext) -> int:
    from liandong.chains.models import EnterprisePosition

    c, ids = chains(ctx), ctx.enterprise_ids
    rows = ((ids[e.idx], c.chain_ids[p.chain], c.node_ids[p.node], p.role, p.products)
            for e in ctx.plan.enterprises for p in e.positions)
    return insert_rows(EnterprisePosition, ("enterprise_id", "chain_id", "node_id", "role", "products"), rows)


def supply_relations(ctx: DemoContext) -> int:
    """Local enterprises on an edge's supplying node sell to some on its buying node (and below),
    over the last two years; at most ``MAX_SUPPLIERS_PER_CUSTOMER`` suppliers per customer."""
    from liandong.chains.models import SupplyRelation

    rng = ctx.rng("supply")
    c, ids = chains(ctx), ctx.enterprise_ids
    by_code = c.by_code
    ents = ctx.plan.enterprises
    on_node: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in ents:
        for p in e.positions:
            on_node[p.node].append((e.idx, p.node))
    kids: dict[str, list[str]] = defaultdict(list)
    for node in c.nodes:
        if node.parent:
            kids[node.parent].append(node.code)

    def members(code: str) -> list[tuple[int, str]]:
        out, stack = [], [code]
        while stack:
            here = stack.pop()
            out.extend(on_node.get(here, ()))
            stack.extend(kids.get(here, ()))
        return out

    years = (ctx.today.year - 2, ctx.today.year - 1)
    suppliers_of: dict[int, set[int]] = defaultdict(set)
    seen: set[tuple[int, int, int, str]] = set()

    def rows() -> Iterator[tuple]:
        for source, target in c.edges:
            sellers = members(source)
            if not sellers:
                continue  # bought from outside the district: nothing to record
            for c_idx, _node in members(target):
                if len(suppliers_of[c_idx]) >= MAX_SUPPLIERS_PER_CUSTOMER or rng.random() >= 0.35:
                    continue
                customer = ents[c_idx]
                k = min(len(sellers), rng.choice((1, 1, 2, 3)))
                for s_idx, s_node in rng.sample(sellers, k):
                    if s_idx == c_idx or len(suppliers_of[c_idx]) >= MAX_SUPPLIERS_PER_CUSTOMER:
                        continue
                    node = by_code[s_node]
                    product = rng.choice(node.keywords or (node.name,))[:100]
                    supplier = ents[s_idx]
                    base = min(customer.revenue * rng.uniform(0.003, 0.04), supplier.revenue * 0.5)
                    r = rng.random()
                    which = years if r < 0.7 else years[:1] if r < 0.85 else years[1:]
                    for y in which:
                        key = (s_idx, c_idx, y, product)
                        if key in seen:
                            continue
                        seen.add(key)
                        suppliers_of[c_idx].add(s_idx)
                        amount = max(5.0e4, base * rng.uniform(0.8, 1.2) * (1.08 if y == years[1] else 1.0))
                        yield ids[s_idx], ids[c_idx], y, product, money(amount)

    return insert_rows(SupplyRelation, RELATION_COLUMNS, rows())


def outside_suppliers(ctx: DemoContext) -> int:
    """Suppliers registered outside the district (other USCC divisions; in no park, on no chain
    node) and what local enterprises buy from them: on an edge whose supplying node the district
    lacks, a local customer always buys outside; elsewhere some of the time. This is what local
    supply rates (本地配套率) and the 补链/强链 lists measure. Returns the relations written; the
    suppliers are counted as ``outside_suppliers``."""
    from auditlog.models import LogEntry

    from liandong.chains.models import SupplyRelation
    from liandong.core.audit import bulk_log
    from liandong.demo.plan import organization_code
    from liandong.engines.uscc import check_character
    from liandong.enterprises.models import Enterprise
    from liandong.enterprises.pinyin import name_sort_key

    rng = ctx.rng("outside")
    c, ids_of = chains(ctx), ctx.enterprise_ids
    by_code = c.by_code
    count = max(5, round(ctx.scale * N.OUTSIDE_SHARE))
    taken_codes = {e.uscc for e in ctx.plan.enterprises}
    taken_names = {e.name for e in ctx.plan.enterprises}
    suppliers: list[tuple[str, str, str]] = []  # uscc, name, keyword-bearing node code
    sources = sorted({source for source, _target in c.edges})
    while len(suppliers) < count:
        division, city = rng.choice(N.OUTSIDE_DIVISIONS)
        body = "91" + division + organization_code(f"{rng.randrange(100_000_000):08d}")
        code = body + check_character(body)
        node = by_code[rng.choice(sources)]
        name = f"{city}{''.join(rng.sample(N.ZIHAO_LIST, 2))}{rng.choice(node.keywords or (node.name,))}有限公司"
        if code in taken_codes or name in taken_names or len(name) > 60:
            continue
        taken_codes.add(code)
        taken_names.add(name)
        suppliers.append((code, name, node.code))

    insert_rows(Enterprise, ("uscc", "name", "name_sort", "address", "main_products", "business_scope"),
                ((code, name, name_sort_key(name), "", by_code[node].name, f"一般项目：{by_code[node].name}的生产、销售。")
                 for code, name, node in suppliers))
    ids = dict(Enterprise.objects.filter(uscc__in=[code for code, _n, _node in suppliers]).values_list("uscc", "id"))
    bulk_log(None, Enterprise, LogEntry.Action.CREATE, [Ref(ids[code], name) for code, name, _node in suppliers])
    ctx.counts["outside_suppliers"] = len(suppliers)
    by_source: dict[str, list[int]] = defaultdict(list)
    for code, _n, node in suppliers:
        by_source[node].append(ids[code])
    anyone = [ids[code] for code, _n, _node in suppliers]
    kids: dict[str, list[str]] = defaultdict(list)
    for node in c.nodes:
        if node.parent:
            kids[node.parent].append(node.code)
    local_on: dict[str, set[int]] = defaultdict(set)
    for e in ctx.plan.enterprises:
        for pos in e.positions:
            local_on[pos.node].add(e.idx)

    def members(code: str) -> set[int]:
        out, stack = set(), [code]
        while stack:
            here = stack.pop()
            out |= local_on.get(here, set())
            stack.extend(kids.get(here, ()))
        return out

    year = ctx.today.year - 1
    ents = ctx.plan.enterprises

    def rows() -> Iterator[tuple]:
        seen: set[tuple[int, int, str]] = set()
        for source, target in c.edges:
            lacking = not members(source)
            node = by_code[source]
            for c_idx in sorted(members(target)):
                if not lacking and rng.random() >= 0.25:
                    continue
                supplier = rng.choice(by_source.get(source) or anyone)
                product = rng.choice(node.keywords or (node.name,))[:100]
                if (supplier, c_idx, product) in seen:
                    continue
                seen.add((supplier, c_idx, product))
                amount = max(5.0e4, ents[c_idx].revenue * rng.uniform(0.003, 0.03))
                yield supplier, ids_of[c_idx], year, product, money(amount)

    return insert_rows(SupplyRelation, RELATION_COLUMNS, rows())
