"""Finding an enterprise by what people type: "中芯", a full name with full-width brackets, or the
USCC (the exact key)."""

from __future__ import annotations

import re

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


def resolve(query: str, names: dict[str, str], limit: int = 10) -> list[str]:
    """USCCs for ``query`` (``names``: USCC → name), best first: exact USCC, exact name, core-name
    prefix, substring of the core name."""
    q = normalise(query).strip()
    if not q:
        return []
    if USCC.match(q):
        return [u for u in names if u.lower() == q][:1]
    qn, qc = q.replace(" ", ""), core_name(q)
    exact, prefix, contains = [], [], []
    for uscc, name in names.items():
        full, core = normalise(name).replace(" ", ""), core_name(name)
        if re.sub(r"[()（）]", "", full) == re.sub(r"[()（）]", "", qn):
            exact.append(uscc)
        elif core.startswith(qc):
            prefix.append(uscc)
        elif qc in core:
            contains.append(uscc)
    return (exact + sorted(prefix, key=lambda u: len(names[u])) + sorted(contains, key=lambda u: len(names[u])))[:limit]
