"""Pairing suggestions (结对建议): enterprise members that are complementary on a chain — one on a
node directly upstream of the other's — and neither trade (no supply relation either way) nor are
already paired. Each suggestion carries its reasons in words.

Ranked by how many upstream→downstream links join the two (more links, more to pair on), then
chain masters first, then members with fewer pairings so far (pairing spreads), then by key. No
member appears more than ``per_member`` times in the list, so one well-placed unit does not fill it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class PairCandidate:
    upstream: Hashable    # member key of the supplier side
    downstream: Hashable  # member key of the customer side
    chain: Hashable
    links: list[tuple[str, str]] = field(default_factory=list)  # (upstream node name, downstream node name)
    score: tuple = ()

    def reasons(self, names: Mapping[Hashable, str]) -> list[str]:
        up, down = names.get(self.upstream, "?"), names.get(self.downstream, "?")
        out = [f"{up}位于「{u}」，{down}位于其下游「{d}」" for u, d in self.links[:3]]
        out.append("二者尚无供货往来，也未结对")
        return out


def suggest_pairings(
    *,
    positions: Mapping[Hashable, Iterable[Hashable]],
    edges: Iterable[tuple[Hashable, Hashable]],
    node_chain: Mapping[Hashable, Hashable],
    node_names: Mapping[Hashable, str],
    trading: Iterable[tuple[Hashable, Hashable]] = (),
    paired: Iterable[tuple[Hashable, Hashable]] = (),
    masters: Iterable[Hashable] = (),
    limit: int = 50,
    per_member: int = 2,
) -> list[PairCandidate]:
    """``positions``: member → the chain nodes it is on; ``edges``: (upstream node, downstream node);
    ``trading`` and ``paired``: member pairs (either order) to leave out."""
    on_node: dict[Hashable, set[Hashable]] = defaultdict(set)
    for member, nodes in positions.items():
        for node in nodes:
            on_node[node].add(member)
    excluded = {frozenset(p) for p in trading} | {frozenset(p) for p in paired}
    pair_count: dict[Hashable, int] = defaultdict(int)
    for a, b in paired:
        pair_count[a] += 1
        pair_count[b] += 1
    masters = set(masters)
    found: dict[tuple[Hashable, Hashable, Hashable], PairCandidate] = {}
    for up_node, down_node in edges:
        for up in on_node.get(up_node, ()):
            for down in on_node.get(down_node, ()):
                if up == down or frozenset((up, down)) in excluded:
                    continue
                chain = node_chain.get(up_node)
                cand = found.setdefault((up, down, chain), PairCandidate(up, down, chain))
                cand.links.append((node_names.get(up_node, ""), node_names.get(down_node, "")))
    best: dict[frozenset, PairCandidate] = {}
    for cand in found.values():
        cand.links.sort()
        cand.score = (-len(cand.links), -(cand.upstream in masters) - (cand.downstream in masters),
                      pair_count[cand.upstream] + pair_count[cand.downstream], str(cand.upstream), str(cand.downstream))
        key = frozenset((cand.upstream, cand.downstream))
        if key not in best or cand.score < best[key].score:
            best[key] = cand
    out: list[PairCandidate] = []
    shown: dict[Hashable, int] = defaultdict(int)
    for cand in sorted(best.values(), key=lambda c: c.score):
        if shown[cand.upstream] < per_member and shown[cand.downstream] < per_member:
            out.append(cand)
            shown[cand.upstream] += 1
            shown[cand.downstream] += 1
            if len(out) == limit:
                break
    return out
