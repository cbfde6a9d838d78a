"""Chain gap analysis engine (链条诊断): 补链 / 强链 / 延链 from positions, relations and the chain graph.

Pure: stdlib, polars and rustworkx only. ``analyze_chains(ChainFrames(...))`` → ``{chain: ChainAnalysis}``;
the status rules and their ``Thresholds`` live in ``rules``.
"""

from .analysis import (
    FILL_STATUSES,
    SCHEMA,
    ChainAnalysis,
    ChainFrames,
    GraphInputError,
    analyze_chains,
    match_products,
)
from .rules import RULES, STATUS_RANK, STATUSES, NodeFacts, Thresholds, classify

__all__ = [
    "FILL_STATUSES",
    "RULES",
    "SCHEMA",
    "STATUSES",
    "STATUS_RANK",
    "ChainAnalysis",
    "ChainFrames",
    "GraphInputError",
    "NodeFacts",
    "Thresholds",
    "analyze_chains",
    "classify",
    "match_products",
]
