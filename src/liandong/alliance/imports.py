"""The alliance's import kinds (docs/imports.md#alliance-members, #pairings, #alliance-activities).

Units are named by USCC when the cell holds a valid one, else by name; a name matches on
``engines.names.org_key`` (full-/half-width forms, brackets and spaces do not matter), so one unit
written several ways is one member. Rows of one unit on different chains merge into one member on
all of them; a re-import adds chains, never removes them. The alliance office imports: district
admins for every chain, chain officers for their chains.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.accounts.names import OrganizationNames
from liandong.alliance.lookup import TYPE_BY_ZH, ChainNames, MemberIndex, split_list
from liandong.alliance.models import Activity, Member, MemberRole, MemberType, Pairing, PairingKind
from liandong.chains.models import Chain
from liandong.engines.names import org_key
from liandong.enterprises.imports.columns import Column, ImportKind
from liandong.enterprises.imports.kinds import Handler, Row
from liandong.enterprises.models import Enterprise

MEMBER_COLUMNS = (
    Column("name", "单位名称", "text", True, "天津（西青）示例科技有限公司"),
    Column("uscc", "统一社会信用代码", "uscc"),
    Column("type", "类型", "text", example="企业"),
    Column("chains", "所属产业链", "text", example="集成电路、车联网"),
    Column("joined", "加入日期", "date", example="2025-07-01"),
    Column("role", "角色", "text", example="成员"),
    Column("contact", "联系人", "text", example="王明"),
    Column("phone", "联系电话", "text", example="022-87654321"),
)
PAIRING_COLUMNS = (
    Column("a", "结对单位A", "text", True, "区工业和信息化局"),
    Column("b", "结对单位B", "text", True, "天津（西青）示例科技有限公司"),
    Column("kind", "结对类型", "text", example="部门企业"),
    Column("since", "结对日期", "date", example="2025-09-01"),
    Column("goals", "结对目标", "text", example="帮助企业对接上下游配套"),
)
ACTIVITY_COLUMNS = (
    Column("code", "活动编号", "text", True, "LJ2026-001"),
    Column("title", "活动名称", "text", True, "集成电路产业链书记轮值活动"),
    Column("chain", "产业链", "text", example="集成电路"),
    Column("date", "日期", "date", True, "2026-03-18"),
    Column("host", "承办单位", "text", example="天津（西青）示例科技有限公司"),
    Column("participants", "参与单位", "text", example="区工业和信息化局、天津理工大学"),
    Column("rota", "书记轮值", "bool", example="是"),
    Column("summary", "活动成效", "text", example="上下游企业达成初步合作意向3项"),
)
ROLE_BY_ZH = {"牵头部门": MemberRole.LEAD, "链主企业": MemberRole.MASTER, "成员": MemberRole.MEMBER,
              "成员单位": MemberRole.MEMBER, "协同单位": MemberRole.PARTNER}
KIND_BY_ZH = {"企企": PairingKind.ENTERPRISES, "部门企业": PairingKind.DEPARTMENT, "校企": PairingKind.UNIVERSITY,
              "其他": PairingKind.OTHER}


def _chains(row: Row, column: str, ctx, names: ChainNames, texts: list[str]) -> list[Chain] | None:
    picked = []
    for text in texts:
        chain = names.get(text)
        if chain is None:
            ctx.error(row, column, _("Unknown chain: %(name)s.") % {"name": text})
            return None
        if ctx.writable_chains is not None and chain.id not in ctx.writable_chains:
            ctx.error(row, column, _("You may not change this chain's alliance: %(name)s.") % {"name": chain.name})
            return None
        if chain not in picked:
            picked.append(chain)
    return picked


class Members(Handler):
    """One member per unit: rows naming the same unit (by USCC, else by normalised name) merge."""

    model = Member
    key_fields = ("name_key",)

    def prepare(self, rows, ctx):
        index = MemberIndex()
        chain_names = ChainNames()
        registry_names: dict[str, int] | None = None
        organizations = OrganizationNames()
        by_uscc = dict(Enterprise.objects.filter(uscc__in=[r.values["uscc"] for r in rows if r.values.get("uscc")])
                       .values_list("uscc", "id"))
        merged: dict[str, dict[str, Any]] = {}
        file_usccs: dict[str, str] = {}  # a USCC → the unit's identity in this file
        out = []
        for row in rows:
            v = row.values
            key = org_key(v.get("name"))
            if not key:
                ctx.error(row, "name", _("Required; the cell is empty."))
                continue
            type_ = None
            if v.get("type"):
                type_ = TYPE_BY_ZH.get(v["type"]) or (v["type"] if v["type"] in MemberType.values else None)
                if type_ is None:
                    ctx.error(row, "type", _("Write one of 企业, 高校院所, 行业组织, 职能部门, 属地街镇, 金融机构, 其他."))
                    continue
            role = None
            if v.get("role"):
                role = ROLE_BY_ZH.get(v["role"]) or (v["role"] if v["role"] in MemberRole.values else None)
                if role is None:
                    ctx.error(row, "role", _("Write one of 牵头部门, 链主企业, 成员, 协同单位."))
                    continue
            chains = _chains(row, "chains", ctx, chain_names, split_list(v.get("chains")))
            if chains is None:
                continue
            if ctx.writable_chains is not None and not chains:
                ctx.error(row, "chains", _("Name the unit's chain: you may add members to your chains."))
                continue
            existing = (index.by_uscc.get(v["uscc"]) if v.get("uscc") else None) or index.by_key.get(key)
            if existing and v.get("uscc") and existing.uscc and existing.uscc != v["uscc"]:
                ctx.error(row, "uscc", _("%(name)s is already a member with another USCC (%(uscc)s).")
                          % {"name": existing.name, "uscc": existing.uscc})
                continue
            identity = existing.name_key if existing else file_usccs.get(v.get("uscc") or "", key)
            if v.get("uscc"):
                file_usccs.setdefault(v["uscc"], identity)
            earlier = merged.get(identity)
            if earlier is not None:  # the same unit again: one member, on every chain named
                earlier["_chains"].extend(c.id for c in chains if c.id not in earlier["_chains"])
                for field in ("uscc", "joined", "type", "role", "contact", "phone"):
                    value = {"type": type_, "role": role}.get(field, v.get(field))
                    if earlier.get(field) is None and value:
                        earlier[field] = value
                continue
            enterprise_id = by_uscc.get(v.get("uscc"))
            if enterprise_id is None and (type_ or (existing.type if existing else None)) in (None, MemberType.ENTERPRISE) \
                    and not v.get("uscc"):
                if registry_names is None:
                    registry_names = {org_key(n): pk for pk, n in Enterprise.objects.values_list("id", "name")}
                enterprise_id = registry_names.get(key)
            if type_ is None and existing is None:
                type_ = MemberType.ENTERPRISE if (v.get("uscc") or enterprise_id) else MemberType.OTHER
            data = {"name_key": identity, "name": v["name"], "uscc": v.get("uscc"), "type": type_, "role": role,
                    "joined": v.get("joined"), "contact": v.get("contact"), "phone": v.get("phone"),
                    "enterprise_id": enterprise_id,
                    "organization_id": organizations.get(v["name"]) if (type_ or "") != MemberType.ENTERPRISE else None,
                    "_chains": [c.id for c in chains], "_rename": key if existing and existing.name_key != key else None}
            merged[identity] = data
            out.append((row, data))
        return out

    def after_write(self, prepared, ctx):
        members = {m.name_key: m for m in Member.objects.filter(name_key__in=[d["name_key"] for _r, d in prepared])}
        through = Member.chains.through
        have = _member_chain_ids(m.pk for m in members.values())  # one query, not one per member
        links = []
        for _row, data in prepared:
            member = members[data["name_key"]]
            links += [through(member_id=member.pk, chain_id=c) for c in data["_chains"]
                      if c not in have.get(member.pk, set())]
            new_key = data["_rename"]  # a unit found by its USCC under a new name: its key follows the name
            if new_key and not Member.objects.filter(name_key=new_key).exists():
                Member.objects.filter(pk=member.pk).update(name_key=new_key)
        through.objects.bulk_create(links)
        ctx.notes["chain_links"] += len(links)


def default_kind(a: Member, b: Member) -> str:
    """The pairing type two units' types imply when none is written."""
    types = {a.type, b.type}
    if types == {MemberType.ENTERPRISE}:
        return PairingKind.ENTERPRISES
    if MemberType.ENTERPRISE in types and types & {MemberType.DEPARTMENT, MemberType.SUBDISTRICT}:
        return PairingKind.DEPARTMENT
    if MemberType.ENTERPRISE in types and MemberType.UNIVERSITY in types:
        return PairingKind.UNIVERSITY
    return PairingKind.OTHER


def _member_chain_ids(member_ids: Iterable[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for member_id, chain_id in Member.chains.through.objects.filter(member_id__in=list(member_ids)) \
            .values_list("member_id", "chain_id"):
        out.setdefault(member_id, set()).add(chain_id)
    return out


def _unknown_member(ctx, row: Row, column: str) -> None:
    ctx.error(row, column, _("No alliance member has this name or USCC; import it as a member first."))


class Pairings(Handler):
    """One pairing per unordered pair and type (A–B = B–A)."""

    model = Pairing
    key_fields = ("a_id", "b_id", "kind")

    def prepare(self, rows, ctx):
        index = MemberIndex(Member.objects.only("id", "uscc", "name_key", "type", "name"))
        chains_of = _member_chain_ids({m.pk for m in index.by_key.values()}) if ctx.writable_chains is not None else {}
        out = []
        for row in rows:
            v = row.values
            a, b = index.find(v.get("a")), index.find(v.get("b"))
            if a is None or b is None:
                for column, member in (("a", a), ("b", b)):
                    if member is None and v.get(column):
                        _unknown_member(ctx, row, column)
                continue
            if a.pk == b.pk:
                ctx.error(row, "b", _("A unit cannot pair with itself."))
                continue
            kind = default_kind(a, b)
            if v.get("kind"):
                kind = KIND_BY_ZH.get(v["kind"]) or (v["kind"] if v["kind"] in PairingKind.values else None)
                if kind is None:
                    ctx.error(row, "kind", _("Write one of 企企, 部门企业, 校企, 其他."))
                    continue
            if ctx.writable_chains is not None and not (
                    (chains_of.get(a.pk, set()) | chains_of.get(b.pk, set())) & ctx.writable_chains):
                ctx.error(row, "a", _("Neither unit is on your chains."))
                continue
            low, high = sorted((a.pk, b.pk))
            out.append((row, {"a_id": low, "b_id": high, "kind": kind, "since": v.get("since"), "goals": v.get("goals")}))
        return out


class Activities(Handler):
    model = Activity
    key_fields = ("code",)

    def prepare(self, rows, ctx):
        index = MemberIndex()
        chain_names = ChainNames()
        out = []
        for row in rows:
            v = row.values
            chain = None
            if v.get("chain"):
                chain = chain_names.get(v["chain"])
                if chain is None:
                    ctx.error(row, "chain", _("Unknown chain: %(name)s.") % {"name": v["chain"]})
                    continue
            if ctx.writable_chains is not None and (chain is None or chain.id not in ctx.writable_chains):
                ctx.error(row, "chain", _("Name one of your chains: you may record your chains' activities."))
                continue
            host = index.find(v.get("host"))
            if v.get("host") and host is None:
                _unknown_member(ctx, row, "host")
                continue
            participants, unknown = [], []
            for text in split_list(v.get("participants")):
                member = index.find(text)
                if member is None:
                    unknown.append(text)
                elif member.pk not in participants:
                    participants.append(member.pk)
            if unknown:
                ctx.error(row, "participants", _("Not alliance members: %(names)s. Import them as members first.")
                          % {"names": "、".join(unknown[:5])})
                continue
            out.append((row, {"code": v["code"], "title": v.get("title"), "chain_id": chain.id if chain else None,
                              "date": v.get("date"), "host_id": host.pk if host else None, "rota": v.get("rota"),
                              "summary": v.get("summary"),
                              "_participants": participants if v.get("participants") is not None else None}))
        return out

    def after_write(self, prepared, ctx):
        activities = dict(Activity.objects.filter(code__in=[d["code"] for _r, d in prepared]).values_list("code", "id"))
        through = Activity.participants.through
        changed = [activities[d["code"]] for _r, d in prepared if d["_participants"] is not None]
        through.objects.filter(activity_id__in=changed).delete()
        through.objects.bulk_create([through(activity_id=activities[d["code"]], member_id=m)
                                     for _r, d in prepared if d["_participants"] is not None for m in d["_participants"]])


KINDS = (
    ImportKind("alliance-members", gettext_lazy("Alliance members"), MEMBER_COLUMNS, Members(), 110, ("name", "chains")),
    ImportKind("pairings", gettext_lazy("Alliance pairings"), PAIRING_COLUMNS, Pairings(), 111, ("a", "b", "kind")),
    ImportKind("alliance-activities", gettext_lazy("Alliance activities"), ACTIVITY_COLUMNS, Activities(), 112, ("code",)),
)
