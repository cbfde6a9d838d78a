"""Per-kind rules: which columns form the key, how references resolve, which model is written.

Each handler gets parsed rows (``Row``: sheet row number and field → value) and returns the rows
to write as model field dicts, adding an error for every row it cannot place.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.enterprises.imports.columns import REGISTRY_COLUMNS, ImportKind, all_kinds
from liandong.enterprises.models import (
    AnnualData,
    Enterprise,
    IndustryCode,
    MonthlyIndicator,
    Park,
    Qualification,
    QualificationType,
)
from liandong.enterprises.pinyin import name_sort_key
from liandong.enterprises.selectors import import_row_scope
from liandong.enterprises.services import record_park_moves


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)
    bad: bool = False  # has errors already: still checked against the file and the registry, never written
    duplicate: bool = False  # same key as an earlier row of the file


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


class Context:
    """What a handler needs besides the rows: the actor's write scope and an error sink."""

    def __init__(self, actor: Any):
        self.actor = actor
        self.errors: list[RowError] = []
        self.writable_enterprises, self.writable_chains = import_row_scope(actor)
        self.notes: dict[str, int] = defaultdict(int)
        self.new_parks: set[str] = set()

    def error(self, row: Row, column: str, message: str) -> None:
        self.errors.append(RowError(row.number, column, row.cells.get(column, ""), message))

    def enterprise_ids(self, rows: Iterable[Row], column: str = "uscc", *, for_write: bool = True) -> dict[str, int]:
        """USCC → id for the registered enterprises the rows name; errors for the others."""
        codes = {r.values[column] for r in rows if r.values.get(column)}
        found: dict[str, int] = {}
        code_list = list(codes)
        for i in range(0, len(code_list), 2000):
            found.update(Enterprise.objects.filter(uscc__in=code_list[i : i + 2000]).values_list("uscc", "id"))
        return found

    def require_enterprise(self, row: Row, column: str, ids: dict[str, int], *, write: bool = True) -> int | None:
        code = row.values.get(column)
        ent_id = ids.get(code)
        if ent_id is None:
            self.error(row, column, _("No registered enterprise has this code; import it as an enterprise first."))
            return None
        if write and self.writable_enterprises is not None and ent_id not in self.writable_enterprises:
            self.error(row, column, _("You may not change this enterprise."))
            return None
        return ent_id


class Handler:
    model: type
    key_fields: tuple[str, ...]
    versioned = False

    def prepare(self, rows: list[Row], ctx: Context) -> list[tuple[Row, dict[str, Any]]]:
        raise NotImplementedError

    def before_write(self, prepared: list[tuple[Row, dict[str, Any]]], ctx: Context) -> None:
        """Runs inside the transaction once the whole file is clean (not on a dry run)."""

    def after_write(self, prepared: list[tuple[Row, dict[str, Any]]], ctx: Context) -> None:
        """Runs inside the transaction after the rows are written (not on a dry run): many-to-many
        links, timelines, anything keyed on the written rows (``_``-prefixed values are kept for it)."""


class Enterprises(Handler):
    model = Enterprise
    key_fields = ("uscc",)
    versioned = True

    def prepare(self, rows, ctx):
        """Every reference of every row is checked (#13 item 16). A park must be registered (name or
        short name): a typo is refused with the nearest registered name, never created; a new park is
        added in the back office, or by the district administrator with 新建园区 = 是."""
        codes = {c.code: c.code for c in IndustryCode.objects.only("code")}
        parks = {p.name: p.id for p in Park.objects.all()}
        parks.update({p.short_name: p.id for p in Park.objects.exclude(short_name="")})
        names = sorted(p for p, _id in Park.objects.values_list("name", "id"))
        park_max = Park._meta.get_field("name").max_length
        existing = ctx.enterprise_ids(rows)
        out = []
        for row in rows:
            v = row.values
            ok = True
            data: dict[str, Any] = {"uscc": v.get("uscc"), "name": v.get("name"),
                                    "name_sort": name_sort_key(v.get("name")) or None}  # #13 item 18
            if ctx.writable_enterprises is not None and v.get("uscc") in existing \
                    and existing[v["uscc"]] not in ctx.writable_enterprises:
                ctx.error(row, "uscc", _("You may not change this enterprise."))
                ok = False
            raw_code = v.get("industry_code")
            if raw_code:
                code = raw_code.upper().lstrip("ABCDEFGHIJKLMNOPQRST") if len(raw_code) > 1 else raw_code.upper()
                if code not in codes:
                    ctx.error(row, "industry_code", _("Not a GB/T 4754-2017 industry code."))
                    ok = False
                data["industry_id"] = code
            park = v.get("park")
            if park and park not in parks and len(park) > park_max:
                ctx.error(row, "park", _("Too long: at most %(n)d characters.") % {"n": park_max})
                ok = False
            elif park and park not in parks:
                if not v.get("create_park"):
                    ctx.error(row, "park", _unknown_park_message(park, parks, names))
                    ok = False
                elif ctx.writable_enterprises is not None:
                    ctx.error(row, "create_park", _("Only the district administrator adds parks; ask them to add "
                                                    "it in the back office."))
                    ok = False
                else:
                    ctx.new_parks.add(park)
                    data["_park"] = park
            elif park:
                data["park_id"] = parks[park]
            for key in ("established", "registered_capital", "above_scale", "employees", "address",
                        "main_products", "business_scope"):
                data[key] = v.get(key)
            if ok and data["uscc"]:
                out.append((row, data))
        return out

    def before_write(self, prepared, ctx):
        """Parks the file asked to create (新建园区 = 是) are created (counted as ``parks_created``)."""
        created = {name: Park.objects.create(name=name).id for name in sorted(ctx.new_parks)}
        ctx.notes["parks_created"] = len(created)
        for _row, data in prepared:
            name = data.pop("_park", None)
            if name:
                data["park_id"] = created[name]
        # a changed park ends the old membership and opens the new one today (#13 item 7)
        parks = {data["uscc"]: data["park_id"] for _row, data in prepared if data.get("park_id")}
        codes, moves = list(parks), {}
        for i in range(0, len(codes), 2000):
            for uscc, ent_id, park_id in Enterprise.objects.filter(uscc__in=codes[i : i + 2000]).values_list(
                    "uscc", "id", "park_id"):
                moves[ent_id] = (park_id, parks[uscc])
        record_park_moves(moves, timezone.localdate(), actor=ctx.actor)


def _unknown_park_message(park: str, parks: dict[str, int], names: list[str]) -> str:
    """Names the nearest registered park (a typo) or the registered ones, and how to add a new one."""
    near = difflib.get_close_matches(park, list(parks), n=1, cutoff=0.5)
    if near:
        return _("No registered park has this name. Did you mean %(name)s? A new park is added in the back office, "
                 "or write 是 in the column 新建园区.") % {"name": f"「{near[0]}」"}
    return _("No registered park has this name (registered: %(names)s). A new park is added in the back office, "
             "or write 是 in the column 新建园区.") % {"names": "、".join(names[:10]) or "—"}


class Qualifications(Handler):
    model = Qualification
    key_fields = ("enterprise_id", "type_id")

    LEVELS = {"国家级": "national", "国家": "national", "national": "national", "省级": "provincial",
              "市级": "provincial", "省市级": "provincial", "provincial": "provincial", "区级": "district",
              "district": "district"}

    def prepare(self, rows, ctx):
        catalogue: dict[str, QualificationType] = {}
        for qt in QualificationType.objects.all():
            for name in [qt.name, qt.code, *qt.aliases]:
                catalogue[name.replace('"', "“")] = qt
                catalogue[name] = qt
        ids = ctx.enterprise_ids(rows)
        # Stored grants: an empty level or expiry cell keeps what is stored (docs/imports.md#qualifications).
        stored = {(e, t): granted for e, t, granted in Qualification.objects.filter(
            enterprise_id__in=set(ids.values())).values_list("enterprise_id", "type_id", "granted")}
        out = []
        for row in rows:
            v = row.values
            ent = ctx.require_enterprise(row, "uscc", ids) if v.get("uscc") else None
            ok = ent is not None
            qt = catalogue.get(v["qualification"]) if v.get("qualification") else None
            if qt is None and v.get("qualification"):
                ctx.error(row, "qualification", _("Not in the qualification catalogue (e.g. 国家高新技术企业, 雏鹰企业)."))
            ok = ok and qt is not None
            level = v.get("level")
            if level and level not in self.LEVELS:
                ctx.error(row, "level", _("Write 国家级, 省级, 市级 or 区级."))
                ok = False
            granted, expires = v.get("granted"), v.get("expires")
            if granted and expires and expires < granted:
                ctx.error(row, "expires", _("Expires before it was granted."))
                ok = False
            if not ok:
                continue
            known = (ent, qt.id) in stored
            if granted and not expires and qt.validity_years and (not known or stored[(ent, qt.id)] != granted):
                try:
                    expires = granted.replace(year=granted.year + qt.validity_years) - dt.timedelta(days=1)
                except ValueError:  # 29 February
                    expires = granted.replace(year=granted.year + qt.validity_years, day=28)
            out.append((row, {"enterprise_id": ent, "type_id": qt.id,
                              "level": self.LEVELS[level] if level else None if known else qt.default_level,
                              "granted": granted, "expires": expires,
                              "certificate_no": v.get("certificate_no")}))
        return out


class Indicators(Handler):
    model = MonthlyIndicator
    key_fields = ("enterprise_id", "period")

    def prepare(self, rows, ctx):
        ids = ctx.enterprise_ids(rows)
        out = []
        for row in rows:
            ent = ctx.require_enterprise(row, "uscc", ids) if row.values.get("uscc") else None
            if ent is None or any(row.values.get(k) is None for k in self.key_fields if k != "enterprise_id"):
                continue
            data = {k: v for k, v in row.values.items() if k != "uscc"}
            data["enterprise_id"] = ent
            out.append((row, data))
        return out


class Annual(Indicators):
    model = AnnualData
    key_fields = ("enterprise_id", "year")


class _HandlersByKind(Mapping):
    """``HANDLERS[key]`` → the handler of a registered kind (columns.all_kinds)."""

    def __getitem__(self, key: str) -> Handler:
        return all_kinds()[key].handler

    def __iter__(self) -> Iterator[str]:
        return iter(all_kinds())

    def __len__(self) -> int:
        return len(all_kinds())


HANDLERS: Mapping[str, Handler] = _HandlersByKind()

REGISTRY_KINDS = (
    ImportKind("enterprises", gettext_lazy("Enterprise list"), REGISTRY_COLUMNS["enterprises"], Enterprises(), 10, ("uscc",)),
    ImportKind("qualifications", gettext_lazy("Qualifications"), REGISTRY_COLUMNS["qualifications"], Qualifications(), 20, ("uscc", "qualification")),
    ImportKind("indicators", gettext_lazy("Monthly indicators"), REGISTRY_COLUMNS["indicators"], Indicators(), 40, ("uscc", "period")),
    ImportKind("annual", gettext_lazy("Annual data"), REGISTRY_COLUMNS["annual"], Annual(), 50, ("uscc", "year")),
)
"""The registry's kinds (enterprises/apps.py declares them)."""
