"""The chains' import kinds (docs/imports.md): positions on chain nodes and supply relations.

Declared in ``chains/apps.py``; the import machinery (enterprises.imports) reads, checks and writes
them in one transaction like every kind.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.chains.models import Chain, ChainNode, EnterprisePosition, SupplyRelation
from liandong.enterprises.imports.columns import Column, ImportKind
from liandong.enterprises.imports.kinds import Handler

CHAIN_LINK_COLUMNS = (
        Column("uscc", "统一社会信用代码", "uscc", True),
        Column("chain", "产业链", "text", True, "集成电路"),
        Column("node", "环节", "text", example="功率半导体"),
        Column("role", "角色", "text", example="配套"),
        Column("products", "主要产品", "text", example="IGBT模块"),
)

SUPPLY_RELATION_COLUMNS = (
        Column("supplier_uscc", "供应方统一社会信用代码", "uscc", True),
        Column("customer_uscc", "采购方统一社会信用代码", "uscc", True),
        Column("year", "年度", "year", True, "2023"),
        Column("product", "产品", "text", True, "车规级MCU"),
        Column("amount", "金额（万元）", "wan", example="1200"),
)


class ChainLinks(Handler):
    model = EnterprisePosition
    key_fields = ("enterprise_id", "node_id")
    ROLES = {"链主": "master", "链主企业": "master", "master": "master", "核心": "core", "核心企业": "core",
             "core": "core", "配套": "supporting", "配套企业": "supporting", "supporting": "supporting"}

    def prepare(self, rows, ctx):
        chains: dict[str, Chain] = {}
        for c in Chain.objects.all():
            chains[c.code] = chains[c.name] = chains[c.code.upper()] = c
        nodes_by_code = {n.code: n for n in ChainNode.objects.all()}
        nodes_by_name: dict[tuple[int, str], list[ChainNode]] = defaultdict(list)
        roots: dict[int, ChainNode] = {}
        for n in nodes_by_code.values():
            nodes_by_name[(n.chain_id, n.name)].append(n)
            if n.level == 0:
                roots[n.chain_id] = n
        ids = ctx.enterprise_ids(rows)
        out = []
        for row in rows:
            v = row.values
            ent = ctx.require_enterprise(row, "uscc", ids) if v.get("uscc") else None
            node = self._node(row, ctx, chains, nodes_by_code, nodes_by_name, roots) if v.get("chain") else None
            role = v.get("role")
            if role and role not in self.ROLES:
                ctx.error(row, "role", _("Write 链主, 核心 or 配套."))
                continue
            if ent is None or node is None:
                continue
            out.append((row, {"enterprise_id": ent, "node_id": node.id, "chain_id": node.chain_id,
                              "role": self.ROLES.get(role or "", None), "products": v.get("products")}))
        return out

    def before_write(self, prepared, ctx):
        """A position placed again after it ended holds from today (#13 item 7); one never held before
        holds since before the records, as positions imported for the first time do."""
        ents = list({data["enterprise_id"] for _row, data in prepared})
        ended, held = set(), set()
        for i in range(0, len(ents), 2000):
            for ent, node, valid_to in EnterprisePosition.spells.filter(enterprise_id__in=ents[i : i + 2000]) \
                    .values_list("enterprise_id", "node_id", "valid_to"):
                (held if valid_to is None else ended).add((ent, node))
        today = timezone.localdate()
        for _row, data in prepared:
            key = (data["enterprise_id"], data["node_id"])
            if key in ended and key not in held:
                data["valid_from"] = today

    @staticmethod
    def _node(row, ctx, chains, nodes_by_code, nodes_by_name, roots) -> ChainNode | None:
        """The node the row names on its chain (the chain itself when empty), or None with an error."""
        v = row.values
        chain = chains.get(v["chain"])
        if chain is None:
            ctx.error(row, "chain", _("Unknown chain; use one of: %(names)s.")
                      % {"names": "、".join(sorted({c.name for c in chains.values()}))})
            return None
        if ctx.writable_chains is not None and chain.id not in ctx.writable_chains:
            ctx.error(row, "chain", _("You may not change this chain."))
            return None
        node_text = v.get("node")
        if not node_text:
            return roots[chain.id]
        node = nodes_by_code.get(node_text)
        if node is not None and node.chain_id != chain.id:
            ctx.error(row, "node", _("This node belongs to another chain."))
            return None
        if node is None:
            matches = nodes_by_name.get((chain.id, node_text), [])
            if len(matches) > 1:
                ctx.error(row, "node", _("Several nodes of this chain have this name; use the node code (%(codes)s).")
                          % {"codes": ", ".join(m.code for m in matches)})
                return None
            if not matches:
                ctx.error(row, "node", _("No node of this chain has this name or code."))
                return None
            node = matches[0]
        return node


class SupplyRelations(Handler):
    model = SupplyRelation
    key_fields = ("supplier_id", "customer_id", "year", "product")

    def prepare(self, rows, ctx):
        ids = ctx.enterprise_ids(rows, "supplier_uscc")
        ids.update(ctx.enterprise_ids(rows, "customer_uscc"))
        out = []
        for row in rows:
            v = row.values
            supplier = ctx.require_enterprise(row, "supplier_uscc", ids, write=False) if v.get("supplier_uscc") else None
            customer = ctx.require_enterprise(row, "customer_uscc", ids, write=False) if v.get("customer_uscc") else None
            if supplier is None or customer is None:
                continue
            if supplier == customer:
                ctx.error(row, "customer_uscc", _("Supplier and customer are the same enterprise."))
                continue
            if ctx.writable_enterprises is not None and not ({supplier, customer} & ctx.writable_enterprises):
                ctx.error(row, "supplier_uscc", _("You may not change this enterprise."))
                continue
            if v.get("year") is None or not v.get("product"):
                continue  # reported by the cell parser
            out.append((row, {"supplier_id": supplier, "customer_id": customer, "year": v["year"],
                              "product": v["product"], "amount": v.get("amount")}))
        return out


KINDS = (
    ImportKind("chain-links", gettext_lazy("Chain positions"), CHAIN_LINK_COLUMNS, ChainLinks(), 30, ("uscc", "chain", "node")),
    ImportKind("supply-relations", gettext_lazy("Supply relations"), SUPPLY_RELATION_COLUMNS, SupplyRelations(), 60, ("supplier_uscc", "customer_uscc", "year", "product")),
)
