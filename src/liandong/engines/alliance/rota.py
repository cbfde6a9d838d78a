"""The monthly rotating host (轮值) of a chain's joint activity (docs/cli.md#alliance-rota).

Rules (the contract's): the hosts are the chain's enterprise members; never the same host two months
running when there are two or more; nobody hosts more than ⌈N / members⌉ of the N months; and those
who hosted least recently (on the activities on record) go first — never-hosted before anyone.

Months the office has already set (``fixed``) are kept as they are and count towards the limits; the
other months are filled greedily: fewest hosted in this rota first, then least recently hosted, then
the order given. A set month next to a free one rules its host out of the free one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RotaMember:
    key: Hashable
    last_hosted: dt.date | None = None  # the latest activity it hosted, on record


MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def is_month(text: str | None) -> bool:
    """A month written as YYYY-MM (the rota's, the counts' and the CLI's)."""
    return bool(MONTH.fullmatch(text or ""))


def months_from(first: str, count: int) -> list[str]:
    """``count`` months "YYYY-MM" from ``first`` on."""
    year, month = (int(part) for part in first.split("-"))
    out = []
    for i in range(count):
        y, m = divmod(month - 1 + i, 12)
        out.append(f"{year + y:04d}-{m + 1:02d}")
    return out


def plan_rota(members: Sequence[RotaMember], months: Sequence[str],
              fixed: Mapping[str, Hashable] | None = None) -> list[tuple[str, Hashable | None]]:
    """(month, host key) for every month; the host is None only when there are no members."""
    fixed = {m: k for m, k in (fixed or {}).items() if m in set(months)}
    if not members:
        return [(m, fixed.get(m)) for m in months]
    order = {member.key: i for i, member in enumerate(members)}
    last: dict[Hashable, tuple[int, str]] = {}
    for member in members:  # (0, date) for history, (1, month) once it hosts in this rota: later sorts last
        last[member.key] = (0, member.last_hosted.isoformat()) if member.last_hosted else (-1, "")
    cap = math.ceil(len(months) / len(members))
    count = {member.key: 0 for member in members}
    for key in fixed.values():
        if key in count:
            count[key] += 1
    out: list[tuple[str, Hashable | None]] = []
    previous = None
    for i, month in enumerate(months):
        if month in fixed:
            host = fixed[month]
        else:
            following = fixed.get(months[i + 1]) if i + 1 < len(months) else None
            ruled_out = {previous, following} if len(members) > 1 else set()
            candidates = [k for k in order if k not in ruled_out and count[k] < cap] \
                or [k for k in order if k not in ruled_out] or list(order)
            host = min(candidates, key=lambda k: (count[k], last[k], order[k]))
            count[host] += 1
        if host in last:
            last[host] = (1, month)
        out.append((month, host))
        previous = host
    return out
