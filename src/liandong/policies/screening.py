"""Screening the district's enterprises against every policy and tier (政策精准匹配), read through the
actor's scope: officials see the district, an enterprise user its own enterprise ("policies you may
qualify for"). Only enterprises registered in the district are screened (``enterprises.selectors.
local_only``, the rule of the registry's lists and the dashboard): the suppliers and customers outside it
that the office tracks are not the district's to support. One vectorised evaluation per pack version, cached per state of the data; gaps in words,
benefits, the 免申即享 list with its audit bundle, the tier ladder and version comparisons on top."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import EnterprisePosition
from liandong.core.db import ProcessMemo, data_fingerprint
from liandong.core.errors import ApplicationError, NotFoundError
from liandong.engines.eligibility import (
    DECLARED,
    FIELDS,
    SOURCES,
    STATUS,
    STATUSES,
    Pack,
    Version,
    benefit_expr,
    derive,
    evaluate,
    evaluate_one,
    gaps,
    leaves,
    missing_facts,
    reached,
)
from liandong.enterprises.models import AnnualData, Enterprise, Qualification
from liandong.enterprises.selectors import enterprises_visible, local_only, outside_only
from liandong.policies.frames import raw_frame
from liandong.policies.models import CustomPolicy, DeclaredFact, PackConfirmation
from liandong.policies.packs import all_packs, confirmed

RENEWAL_MONTHS = 6
"""A grant expiring within this many months (or expired) asks for renewal (复审/重新认定)."""
STATUS_ORDER = {status: i for i, status in enumerate(STATUS.categories)}  # how results are listed


@dataclass
class PackScreening:
    pack: Pack
    version: Version
    results: pl.DataFrame  # enterprise, status, score, score_max, held, c:<id>, s:<id>
    confirmed: bool

    def counts(self) -> dict[str, int]:
        """Enterprises per status, and ``held``: those met because they hold the tier in force."""
        found = dict(self.results.group_by("status").len().iter_rows())
        return {**{s: int(found.get(s, 0)) for s in STATUSES}, "held": int(self.results["held"].sum())}

    def candidates(self) -> pl.DataFrame:
        """A tier's candidates (培育后备): without the tier in force, met or near on its pack — what the
        policy page and the tier ladder both count."""
        return self.results.filter(~pl.col("held") & pl.col("status").is_in(["met", "near"]))


@dataclass
class Screening:
    as_of: dt.date
    facts: pl.DataFrame
    packs: dict[str, PackScreening]
    names: dict[int, tuple[str, str]]  # enterprise id → (uscc, name)
    outside: int = 0  # enterprises registered outside the district, tracked but not screened
    # built on first use: enterprise id → row of ``facts``, USCC → enterprise id
    _rows: dict[int, int] | None = field(default=None, repr=False)
    _ids: dict[str, int] | None = field(default=None, repr=False)
    # what pages derive from it (the ladder's candidates with their gaps), kept while it lives
    _derived: dict[Any, Any] = field(default_factory=dict, repr=False)

    def derived(self, key: Any, make: Callable[[], Any]) -> Any:
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    def _index(self) -> None:
        if self._rows is None:
            self._rows = dict(zip(self.facts["enterprise"].to_list(), range(self.facts.height), strict=True))
            self._ids = {uscc: e for e, (uscc, _name) in self.names.items()}

    def facts_of(self, enterprise_id: int) -> dict[str, Any]:
        self._index()
        row = self._rows.get(enterprise_id)
        return self.facts.row(row, named=True) if row is not None else {}

    def facts_by_uscc(self, uscc: str) -> dict[str, Any]:
        self._index()
        return self.facts_of(self._ids[uscc])

    def narrowed(self, codes: Iterable[str]) -> Screening:
        """The same screening for some packs only (sharing the facts and their indexes)."""
        self._index()
        return replace(self, packs={c: self.packs[c] for c in codes})


def scope_of(actor):
    """The enterprises ``actor`` screens: None for the whole district (cached), else its own enterprise
    if that is registered in the district."""
    if scoping.reads_whole_district(actor):
        return None
    if scoping.role_of(actor) == scoping.ENTERPRISE and actor.enterprise_id:
        return local_only(enterprises_visible(actor))
    raise ApplicationError(_("Sign in to see policies."))


def _codes(codes: list[str] | None) -> dict[str, Pack]:
    packs = all_packs()
    if not codes:
        return packs
    unknown = [c for c in codes if c not in packs]
    if unknown:
        raise NotFoundError(_("Unknown policy."), {"policy": unknown})
    return {c: packs[c] for c in codes}


def _compute(as_of: dt.date, packs: dict[str, Pack], scope) -> Screening:
    district = scope is None
    scope = local_only(Enterprise.objects.all()) if district else scope
    facts = derive(raw_frame(as_of, scope), as_of)
    names = dict((e, (u, n)) for e, u, n in scope.values_list("id", "uscc", "name"))
    out = {}
    for code, pack in packs.items():
        ok = confirmed(code)
        version = pack.version(as_of=as_of, confirmed=ok)
        out[code] = PackScreening(pack, version, evaluate(version, facts),
                                  confirmed=not version.uncertain or version.version in ok)
    return Screening(as_of, facts, out, names, outside_only(Enterprise.objects.all()).count() if district else 0)


_recent = ProcessMemo(size=2)  # today's and one other date: about 85 MB each at 105,000 enterprises


def screening(*, actor, as_of: dt.date | None = None, codes: list[str] | None = None) -> Screening:
    as_of = as_of or timezone.localdate()
    packs = _codes(codes)
    scope = scope_of(actor)
    if scope is not None:
        return _compute(as_of, packs, scope)
    if codes:  # the district's screening of every pack (reading the facts is the cost), narrowed
        return screening(actor=actor, as_of=as_of).narrowed(packs)
    key = "policy-screening:v4:" + data_fingerprint(
        (Enterprise, AnnualData, Qualification, EnterprisePosition, PackConfirmation, CustomPolicy, DeclaredFact),
        as_of.isoformat(), sorted(packs), [p.custom for p in packs.values()], settings.LIANDONG_DISTRICT_DIVISIONS)

    def shared() -> Screening:  # unpickled from the shared cache, or computed into it
        result = cache.get(key)
        if result is None:
            result = _compute(as_of, packs, None)
            cache.set(key, result, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
        return result

    return _recent.get(key, shared)


def version_of(s: Screening, code: str, name: str | None) -> tuple[Version, pl.DataFrame]:
    entry = s.packs[code]
    if not name or name == entry.version.version:
        return entry.version, entry.results
    version = entry.pack.version(name)
    return version, evaluate(version, s.facts)


def _result_frames(s: Screening, statuses: set[str] | None, ordered: bool = False
                   ) -> list[tuple[str, PackScreening, pl.DataFrame]]:
    out = []
    for code, entry in s.packs.items():
        frame = entry.results.select("enterprise", "status", "score", "score_max", "held")
        if statuses:
            frame = frame.filter(pl.col("status").is_in(list(statuses)))
        if ordered:  # the status type sorts in STATUS_ORDER; best score first, an unknown one as 0
            frame = frame.sort([pl.col("status"), pl.col("score").fill_null(0.0)], descending=[False, True],
                               maintain_order=True)
        out.append((code, entry, frame))
    return out


def result_count(s: Screening, *, statuses: set[str] | None = None) -> int:
    return sum(frame.height for _c, _e, frame in _result_frames(s, statuses))


class ResultList:
    """The results of a screening as a sequence a ``Paginator`` slices: rows are built (with their
    gaps) only for the page shown, listed by status then best score, pack by pack."""

    def __init__(self, s: Screening, statuses: set[str] | None = None):
        self.s, self.statuses = s, statuses

    def count(self) -> int:
        return result_count(self.s, statuses=self.statuses)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        start, stop = page.start or 0, page.stop
        rows = result_rows(self.s, statuses=self.statuses, offset=start,
                           limit=None if stop is None else max(stop - start, 0), ordered=True)
        return add_gaps(self.s, rows) if rows else rows


def result_rows(s: Screening, *, statuses: set[str] | None = None, limit: int | None = None,
                offset: int = 0, ordered: bool = False) -> list[dict[str, Any]]:
    """One row per enterprise and policy (the results of docs/cli.md#policies-screen), from ``offset``,
    with empty gaps: ``add_gaps`` fills them in for the rows shown or exported. ``ordered``: by
    status, then best score, within each pack."""
    rows: list[dict[str, Any]] = []
    for code, entry, frame in _result_frames(s, statuses, ordered):
        if offset >= frame.height:
            offset -= frame.height
            continue
        frame = frame.slice(offset, limit - len(rows) if limit else None)
        offset = 0
        if entry.version.benefit:
            frame = frame.join(s.facts.select("enterprise", benefit_expr(entry.version).alias("benefit")),
                               on="enterprise", how="left", maintain_order="left")
        for enterprise, status, score, score_max, held, *amount in frame.iter_rows():
            uscc, name = s.names.get(enterprise, ("", ""))
            row = {"uscc": uscc, "name": name, "policy": code, "status": status, "score": score,
                   "score_max": score_max, "gaps": []}
            if held:  # met from the grant in force, not the rule
                row["held"] = True
            if status == "met" and entry.version.benefit:
                row["benefit_wan"] = amount[0]
            rows.append(row)
        if limit and len(rows) >= limit:
            break
    return rows


def add_gaps(s: Screening, rows: list[dict[str, Any]],
             progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """Each row not met gets its gaps in words (the plain evaluator, row by row: only for the rows
    shown or exported); ``progress(done, total)`` every 10,000 rows."""
    for done, row in enumerate(rows, start=1):
        if row["status"] != "met":
            version, facts = s.packs[row["policy"]].version, s.facts_by_uscc(row["uscc"])
            row["gaps"] = gaps(version, facts, evaluate_one(version, facts))
        if progress and (done % 10_000 == 0 or done == len(rows)):
            progress(done, len(rows))
    return rows


def policy_summaries(s: Screening) -> list[dict[str, Any]]:
    out = []
    for code, entry in s.packs.items():
        out.append({"code": code, "name": entry.pack.name, "version": entry.version.version,
                    **entry.counts(), **({"candidates": entry.candidates().height} if entry.pack.tier else {}), "issuer": entry.pack.issuer, "reference": entry.pack.reference,
                    "uncertain": entry.version.uncertain if not entry.confirmed else "",
                    "drafts": [v.version for v in entry.pack.versions if v.draft and v.version != entry.version.version],
                    "custom": entry.pack.custom, "tier": entry.pack.tier,
                    "missing": [{"fact": f, "enterprises": n} for f, n in missing_facts(entry.version, entry.results)]})
    return out


# --- one enterprise ------------------------------------------------------------------------------------
def value_text(name: str, value: Any) -> str:
    from liandong.engines.eligibility.gaps import fmt

    return fmt(name, value) if name in FIELDS else str(value)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def renewal_note(grant: Qualification, as_of: dt.date) -> str:
    """复审 prompt for a grant that expired or expires within ``RENEWAL_MONTHS`` of ``as_of``; ""."""
    if grant.expires is None or grant.expires > months_after(as_of, RENEWAL_MONTHS):
        return ""
    values = {"name": grant.type.name, "date": grant.expires.isoformat()}
    if grant.expires < as_of:
        return _("%(name)s expired on %(date)s: apply again to be recognised.") % values
    return _("%(name)s expires on %(date)s: prepare the review (re-recognition) in time.") % values


# --- 免申即享 ------------------------------------------------------------------------------------------
def audit_bundle(version: Version, code: str, facts: dict[str, Any], as_of: dt.date,
                 outcomes: dict[str, bool | None]) -> dict[str, Any]:
    """What a payment without application rests on: the rule version, a hash of the inputs, the trace
    (each condition's outcome, from the screening)."""
    used = sorted({c.field for c in leaves(version.rule)} | ({version.benefit.field} if version.benefit and
                                                           version.benefit.field else set()))
    inputs = {name: facts.get(name) for name in used}
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    trace = [{"id": c.id, "condition": c.label, "fact": c.field, "value": facts.get(c.field),
              "outcome": outcomes[c.id]} for c in leaves(version.rule) if c.id in outcomes]
    return {"policy": code, "version": version.version, "as_of": as_of.isoformat(), "input_hash": digest,
            "inputs": inputs, "trace": trace}


def no_application_frame(s: Screening, code: str) -> pl.DataFrame:
    """免申即享 candidates of one policy, best benefit first: met (not by holding the tier already: there is
    nothing to grant), and no condition that holds and was read rests on a fact the enterprise declared itself (the screening's per-condition columns; a
    band after the first that holds is not read). ``r:<id>`` says whether a condition was read."""
    entry = s.packs[code]
    read = {f"r:{ident}": expr for ident, expr in reached(entry.version).items()}
    declared = [pl.col(f"c:{c.id}").fill_null(False) & pl.col(f"r:{c.id}") if f"r:{c.id}" in read
                else pl.col(f"c:{c.id}").fill_null(False)
                for c in leaves(entry.version.rule) if c.field in DECLARED]
    met = entry.results.filter((pl.col("status") == "met") & ~pl.col("held")).with_columns(**read)
    if declared:
        met = met.filter(~pl.any_horizontal(declared))
    return (met.join(s.facts.select("enterprise", benefit_expr(entry.version).alias("benefit_wan")),
                     on="enterprise", how="left", maintain_order="left")
            .sort(pl.col("benefit_wan").fill_null(0.0), descending=True, maintain_order=True))


def no_application_rows(s: Screening, code: str, frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``no_application_frame`` (or a slice of it) with their benefit, audit bundle and
    ``basis``: the sources (in words) of the conditions that held and were read — what the page shows."""
    version = s.packs[code].version
    conditions = leaves(version.rule)
    rows = []
    for row in frame.iter_rows(named=True):
        uscc, name = s.names.get(row["enterprise"], ("", ""))
        outcomes = {c.id: row[f"c:{c.id}"] for c in conditions if row.get(f"r:{c.id}", True)}
        sources = {FIELDS[c.field].source for c in conditions if outcomes.get(c.id) is True}
        rows.append({"uscc": uscc, "name": name, "benefit_wan": row["benefit_wan"],
                     "basis": [label for key, label in SOURCES.items() if key in sources],
                     "bundle": audit_bundle(version, code, s.facts_of(row["enterprise"]), s.as_of, outcomes)})
    return rows


# --- versions and the ladder ---------------------------------------------------------------------------
LADDERS = (("innovative-sme", "specialized-sme", "little-giant"), ("high-tech",), ("tj-eaglet", "tj-gazelle", "tj-leader"))


def ladder_candidates(s: Screening, per_tier: int) -> list[dict[str, Any]]:
    """Per tier pack: its candidates (``PackScreening.candidates``, the policy page's count: met without
    the grant, and near) and the best ``per_tier`` with their gaps, each marked when it holds the tier
    below (the usual next step of the ladder)."""
    candidates = []
    for code, entry in s.packs.items():
        tier, below = entry.pack.tier, entry.pack.previous_tier
        if not tier:
            continue
        pool = entry.candidates()
        rows = []
        best = pool.sort(["status", "score"], descending=[False, True], nulls_last=True).head(per_tier)
        for enterprise, status, score in best.select("enterprise", "status", "score").iter_rows():
            facts = s.facts_of(enterprise)
            uscc, name = s.names.get(enterprise, ("", ""))
            rows.append({"uscc": uscc, "name": name, "status": status, "score": score,
                         "below": bool(below and facts.get(f"has_{below}")),
                         "gaps": gaps(entry.version, facts, evaluate_one(entry.version, facts))})
        met = int((pool["status"] == "met").sum())
        candidates.append({"tier": tier, "policy": code, "name": entry.pack.name, "count": pool.height,
                           "met": met, "near": pool.height - met, "below": below, "rows": rows})
    return candidates
