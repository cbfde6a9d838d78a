"""One rule for "the same organisation, written differently" (docs/imports.md#names-of-units): every
import that names a unit or enterprise by name matches on ``org_key``.

Full-width and half-width forms (NFKC), brackets （）() [] 【】, spaces (also the ideographic space)
and Latin case do not matter: 天津（西青）甲科技有限公司 = 天津(西青)甲科技有限公司 = 天津 西青 甲科技有限公司.
Nothing else is dropped — no legal form, place name or character is removed — so two different units
(甲 and 乙, 有限公司 and 股份有限公司) never share a key.
"""

from __future__ import annotations

import re
import unicodedata

_IGNORED = re.compile(r"[\s()\[\]【】〔〕]+")


def org_key(name: str | None) -> str:
    """The key two writings of one organisation's name share (empty for an empty name)."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", name or "").lower())
