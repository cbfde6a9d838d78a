"""Eligibility engine (政策精准匹配·梯度培育): rule packs as code over enterprise facts, with
three-valued logic (met / not met / unknown), scored groups as point ranges, statuses met / near /
not_met / needs_data, gaps on the cheapest route, benefits, and version comparison.

Pure: stdlib and polars. ``parse_pack(yaml_dict)`` → ``Pack``; ``derive(raw, as_of)`` → facts;
``evaluate(version, facts)`` (vectorised) or ``evaluate_one(version, facts_dict)`` (reference).
"""

from .fields import (
    DECLARED,
    FIELDS,
    QUALIFICATION_NAMES,
    QUALIFICATIONS,
    RAW,
    SOURCES,
    Field,
    calendar_years,
    derive,
)
from .gaps import benefit, benefit_expr, condition_gap, gaps, missing_facts, route_labels
from .pack import Benefit, Condition, Group, Item, Pack, PackError, Scored, Version, leaves, parse_pack, walk
from .plain import Evaluation, Outcome, evaluate_one
from .vector import STATUS, evaluate, reached

STATUSES = ("met", "near", "not_met", "needs_data")

__all__ = [
    "DECLARED", "FIELDS", "QUALIFICATION_NAMES", "QUALIFICATIONS", "RAW", "SOURCES", "STATUS", "STATUSES", "Benefit", "Condition", "Evaluation", "Field", "Group", "Item",
    "Outcome", "Pack", "PackError", "Scored", "Version", "benefit", "benefit_expr", "calendar_years", "condition_gap", "derive", "evaluate",
    "evaluate_one", "gaps", "leaves", "missing_facts", "parse_pack", "reached", "route_labels", "walk",
]
