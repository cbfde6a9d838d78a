"""Rule packs, shaped like the OpenFisca country template (docs/domains/policies.md): a policy or tier with
its label, issuing body and legal reference, and dated versions side by side, each with YAML parameters
and a condition tree of ``all`` / ``any`` groups, ``scored`` groups (banded items, a total and block
minimums) and leaf conditions over the facts of ``fields``. A later version may ``extend`` an earlier
one and only change parameters; versions are added, never edited. Figures marked ``uncertain`` wait for
an official to confirm them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .fields import FIELDS

OPS = (">=", ">", "<=", "<", "==", "!=", "is", "in")


class PackError(ValueError):
    """A rule pack that does not parse or refers to something unknown (the message says where)."""


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class Band:
    points: float
    when: Condition | Group


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    block: str
    bands: tuple[Band, ...]
    otherwise: float = 0.0

    @property
    def max_points(self) -> float:
        return max([b.points for b in self.bands] + [self.otherwise])


@dataclass(frozen=True)
class Scored:
    id: str
    label: str
    min_total: float
    items: tuple[Item, ...]
    block_min: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    mode: str  # "all" or "any"
    children: tuple[Node, ...]


Node = Condition | Scored | Group


@dataclass(frozen=True)
class Benefit:
    """An amount paid to an enterprise that meets the policy: ``rate`` × ``field`` (万元), capped."""

    label: str
    field: str | None = None
    rate: float = 1.0
    fixed: float | None = None
    cap: float | None = None


@dataclass(frozen=True)
class Version:
    version: str
    effective: dt.date
    rule: Node
    parameters: dict[str, Any]
    uncertain: str = ""
    draft: bool = False  # a reported revision, not in force until an official confirms it
    benefit: Benefit | None = None
    near_margin: float = 0.2
    near_points: float = 10.0
    held: str | None = None  # a tier pack's ``has_<tier>`` fact: a grant in force is met, whatever the rule says


@dataclass(frozen=True)
class Pack:
    code: str
    name: str
    issuer: str
    reference: dict[str, str]
    versions: tuple[Version, ...]
    tier: str = ""
    previous_tier: str = ""
    description: str = ""
    custom: bool = False

    def version(self, name: str | None = None, *, as_of: dt.date | None = None,
                confirmed: frozenset[str] | set[str] = frozenset()) -> Version:
        """A named version, or the one in force on ``as_of``: the latest effective on or before it,
        leaving out drafts (reported revisions) unless their version is in ``confirmed``."""
        if name:
            for v in self.versions:
                if v.version == name:
                    return v
            raise PackError(f"{self.code}: no version {name!r}")
        usable = sorted((v for v in self.versions if not v.draft or v.version in confirmed), key=lambda v: v.effective)
        chosen = [v for v in usable if as_of is None or v.effective <= as_of]
        return (chosen or usable or sorted(self.versions, key=lambda v: v.effective))[-1]

    @property
    def scored(self) -> bool:
        return any(isinstance(n, Scored) for v in self.versions for n in walk(v.rule))


def walk(node: Node):
    yield node
    if isinstance(node, Group):
        for child in node.children:
            yield from walk(child)


def leaves(node: Node) -> list[Condition]:
    out = []
    for n in walk(node):
        if isinstance(n, Condition):
            out.append(n)
        elif isinstance(n, Scored):
            for item in n.items:
                for band in item.bands:
                    out += leaves(band.when)
    return out


# --- parsing ---------------------------------------------------------------------------------------
class _Parser:
    def __init__(self, code: str, parameters: dict[str, Any]):
        self.code, self.parameters, self.ids = code, parameters, set()

    def _id(self, wanted: str | None, path: str) -> str:
        ident = str(wanted or path)
        if ident in self.ids:
            raise PackError(f"{self.code}: duplicate id {ident!r}")
        self.ids.add(ident)
        return ident

    def _value(self, value: Any, where: str) -> Any:
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if name not in self.parameters:
                raise PackError(f"{self.code}: {where} uses unknown parameter {value}")
            return self.parameters[name]
        return value

    def condition(self, data: dict[str, Any], path: str) -> Condition:
        name = data.get("field")
        if name not in FIELDS:
            raise PackError(f"{self.code}: {path} tests unknown field {name!r}")
        op = data.get("op", "is" if FIELDS[name].kind == "bool" else ">=")
        if op not in OPS:
            raise PackError(f"{self.code}: {path} has unknown operator {op!r}")
        value = self._value(data.get("value", True if op == "is" else None), path)
        if value is None:
            raise PackError(f"{self.code}: {path} needs a value")
        label = _label(data.get("label"), self.parameters) or f"{FIELDS[name].label} {op} {value}"
        return Condition(self._id(data.get("id"), path), label, name, op, value)

    def item(self, data: dict[str, Any], path: str) -> Item:
        ident = self._id(data.get("id"), path)
        bands = []
        for i, band in enumerate(data.get("bands") or []):
            where = f"{ident}.{i}"
            if "when" in band:
                when = band["when"]
                cond = (self.node(when, f"{ident}:{i}") if ("all" in when or "any" in when)
                        else self.condition({**when, "id": f"{ident}:{i}"}, where))
            elif "min" in band or "max" in band:
                op, bound = (">=", band["min"]) if "min" in band else ("<=", band["max"])
                cond = self.condition({"field": data["field"], "op": op, "value": bound, "id": f"{ident}:{i}",
                                       "label": band.get("label")}, where)
            else:
                raise PackError(f"{self.code}: band {where} needs when, min or max")
            bands.append(Band(float(self._value(band["points"], where)), cond))
        if not bands:
            raise PackError(f"{self.code}: item {ident} has no bands")
        return Item(ident, data.get("label", ident), data.get("block", ""), tuple(bands),
                    float(data.get("else", 0)))

    def node(self, data: dict[str, Any], path: str = "r") -> Node:
        if "all" in data or "any" in data:
            mode = "all" if "all" in data else "any"
            children = tuple(self.node(child, f"{path}.{i}") for i, child in enumerate(data[mode]))
            if not children:
                raise PackError(f"{self.code}: empty group at {path}")
            return Group(self._id(data.get("id"), path), _label(data.get("label", ""), self.parameters), mode, children)
        if "scored" in data:
            s = data["scored"]
            items = tuple(self.item(it, f"{path}.i{i}") for i, it in enumerate(s.get("items") or []))
            blocks = tuple((k, float(self._value(v, path))) for k, v in (s.get("block_min") or {}).items())
            return Scored(self._id(s.get("id"), path), s.get("label", "评价得分"),
                          float(self._value(s["min_total"], path)), items, blocks)
        return self.condition(data, path)


def _label(text: str | None, parameters: dict[str, Any]) -> str:
    """Labels may quote parameters: "营业收入在{revenue_min_wan}万元以上", "{rd_ratio_min:.0%}"."""
    if not text:
        return ""
    try:
        return text.format(**parameters)
    except (KeyError, ValueError, IndexError):
        return text


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PackError(f"{where}: effective must be YYYY-MM-DD") from None


def parse_pack(data: dict[str, Any], *, custom: bool = False) -> Pack:
    code = data.get("code") or ""
    if not code or not data.get("name"):
        raise PackError("a pack needs code and name")
    raw_versions = {str(v["version"]): v for v in data.get("versions") or []}
    if not raw_versions:
        raise PackError(f"{code}: no versions")
    tier = data.get("tier", "")
    held = f"has_{tier}" if tier and f"has_{tier}" in FIELDS else None
    versions = []
    for name, v in raw_versions.items():
        base = raw_versions.get(str(v.get("extends", ""))) if v.get("extends") else None
        if v.get("extends") and base is None:
            raise PackError(f"{code}: version {name} extends unknown version {v['extends']!r}")
        parameters = {**((base or {}).get("parameters") or {}), **(v.get("parameters") or {})}
        rule = v.get("rule") or (base or {}).get("rule")
        if not rule:
            raise PackError(f"{code}: version {name} has no rule")
        if v.get("also"):  # a revision that adds conditions to the root ``all`` group of the rule it extends
            if "all" not in rule:
                raise PackError(f"{code}: version {name} adds conditions but its rule is not an all group")
            rule = {**rule, "all": [*rule["all"], *v["also"]]}
        benefit_data = v.get("benefit", (base or {}).get("benefit"))
        benefit = None
        if benefit_data:
            parser = _Parser(code, parameters)
            benefit = Benefit(benefit_data.get("label", "预计兑现金额"), benefit_data.get("field"),
                              float(parser._value(benefit_data.get("rate", 1.0), "benefit")),
                              parser._value(benefit_data.get("fixed"), "benefit"),
                              parser._value(benefit_data.get("cap"), "benefit"))
            if benefit.field and benefit.field not in FIELDS:
                raise PackError(f"{code}: benefit uses unknown field {benefit.field!r}")
        near = {**((base or {}).get("near") or {}), **(v.get("near") or {})}
        versions.append(Version(
            name, _date(v.get("effective"), f"{code} {name}"), _Parser(code, parameters).node(rule), parameters,
            str(v.get("uncertain", "")), bool(v.get("draft", False)), benefit, float(near.get("margin", 0.2)),
            float(near.get("points", 10)), held))
    return Pack(code, data["name"], data.get("issuer", ""), dict(data.get("reference") or {}), tuple(versions),
                tier, data.get("previous_tier", ""), data.get("description", ""), custom)
