"""Finding an enterprise by what people type: "中芯", a full name with full-width brackets, or the
USCC (the exact key)."""

from __future__ import annotations

import re

from ..names import org_key
from .text import normalise

SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "(集团)", "（集团）")
PLACES = ("天津市", "天津", "西青区", "西青")
USCC = re.compile(r"^[0-9a-hj-np-rtuwxy]{18}$")


def core_name(name: str) -> str:
    """The distinctive part: without brackets' content marks, legal form and the place prefix."""
    text = normalise(name).replace(" ", "")
    text = re.sub(r"[()（）\[\]]", "", text)
    for suffix in SUFFIXES:
        if text.endswith(normalise(suffix)):
            text = text[: -len(normalise(suffix))]
    for place in PLACES:
        if text.startswith(place) and len(text) > len(place) + 1:
            text = text[len(place):]
    return text


def _bare(name: str) -> str:
    return org_key(name)


class NameIndex:
    """Names normalised once for many lookups (a district's 100,000 names: tens of milliseconds a
    lookup instead of normalising every name again)."""

    def __init__(self, names: dict[str, str]):
        self.names = names
        self.usccs = list(names)
        self.full = [_bare(name) for name in names.values()]
        self.core = [core_name(name) for name in names.values()]

    def resolve(self, query: str, limit: int = 10) -> list[str]:
        """USCCs for ``query``, best first: exact USCC, exact name, core-name prefix, substring of the
        core name."""
        q = normalise(query).strip()
        if not q:
            return []
        if USCC.match(q):
            return [q.upper()] if q.upper() in self.names else []
        qn, qc = _bare(q), core_name(q)
        exact, prefix, contains = [], [], []
        for uscc, full, core in zip(self.usccs, self.full, self.core, strict=True):
            if full == qn:
                exact.append(uscc)
            elif core.startswith(qc):
                prefix.append(uscc)
            elif qc in core:
                contains.append(uscc)
        by_length = {"key": lambda u: len(self.names[u])}
        return (exact + sorted(prefix, **by_length) + sorted(contains, **by_length))[:limit]


def resolve(query: str, names: dict[str, str], limit: int = 10) -> list[str]:
    """USCCs for ``query`` (``names``: USCC → name), best first (see ``NameIndex.resolve``)."""
    return NameIndex(names).resolve(query, limit)
