"""Finding what a cell names: chains by code or name, members by USCC or normalised name
(engines.names.org_key), list cells split on 、 , ; ，."""

from __future__ import annotations

import re
from collections.abc import Iterable

from liandong.alliance.models import Member, MemberType
from liandong.chains.models import Chain
from liandong.engines import uscc as uscc_engine
from liandong.engines.names import org_key

LIST_SEPARATORS = re.compile(r"[、,，;；]+")
TYPE_BY_ZH = {"企业": MemberType.ENTERPRISE, "高校院所": MemberType.UNIVERSITY, "行业组织": MemberType.ASSOCIATION,
              "职能部门": MemberType.DEPARTMENT, "属地街镇": MemberType.SUBDISTRICT,
              "金融机构": MemberType.FINANCIAL, "其他": MemberType.OTHER}
ZH_BY_TYPE = {v: k for k, v in TYPE_BY_ZH.items()}
"""The contract's words for the member types (docs/imports.md#alliance-members), in its order."""


def split_list(text: str | None) -> list[str]:
    """A list cell's items (separated by 、 , ; or ，), blanks dropped."""
    return [item.strip() for item in LIST_SEPARATORS.split(text or "") if item.strip()]


def usccs_in(text: str) -> str | None:
    """The USCC a cell holds, if it holds a valid one (else the cell names a unit)."""
    return uscc_engine.normalize(text) if uscc_engine.is_valid(text) else None


class ChainNames:
    """Chains by code or name (the contract: "a chain is named by code or name")."""

    def __init__(self):
        self.by_text: dict[str, Chain] = {}
        for chain in Chain.objects.all():
            self.by_text[chain.code] = self.by_text[chain.name] = chain
            self.by_text.setdefault(org_key(chain.name), chain)

    def get(self, text: str) -> Chain | None:
        return self.by_text.get(text) or self.by_text.get(org_key(text))


class MemberIndex:
    """Members by USCC and by normalised name, for rows that name a member."""

    def __init__(self, members: Iterable[Member] | None = None):
        members = Member.objects.only("id", "uscc", "name_key", "type", "name") if members is None else members
        self.by_uscc: dict[str, Member] = {}
        self.by_key: dict[str, Member] = {}
        for member in members:
            if member.uscc:
                self.by_uscc[member.uscc] = member
            self.by_key[member.name_key] = member

    def find(self, text: str | None) -> Member | None:
        if not text:
            return None
        code = usccs_in(text)
        if code:
            return self.by_uscc.get(code)
        return self.by_key.get(org_key(text))
