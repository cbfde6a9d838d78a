"""The matcher of this process: built from the registry (enterprises, their products and positions,
open offers, the chain graph, past supplies and signed deals), kept in memory, rebuilt when the
registry changes, and fed new offers incrementally (a new offer is searchable on the next request,
in every worker, without a rebuild)."""

from __future__ import annotations

import threading

import polars as pl
from django.conf import settings
from django.db.models import Count, Max

from liandong.accounts import scoping
from liandong.chains.models import ChainEdge, ChainNode, EnterprisePosition, SupplyRelation
from liandong.core.db import ProcessMemo, data_fingerprint
from liandong.core.frames import query_frame
from liandong.engines.matching import MatchData, Matcher, NameIndex
from liandong.enterprises.models import Enterprise, Qualification
from liandong.enterprises.selectors import enterprises_visible
from liandong.matchmaking.models import Match, Need

_lock = threading.Lock()
_state: dict = {"key": None, "matcher": None, "last_offer": 0, "building": None, "thread": None}
_names = ProcessMemo(size=1)


def match_data() -> MatchData:
    divisions = list(settings.LIANDONG_DISTRICT_DIVISIONS)
    ents = query_frame(Enterprise.objects.order_by().values_list("id", "uscc", "name", "park_id", "above_scale",
                                                            "main_products"),
                  {"enterprise": pl.Int64, "uscc": pl.String, "name": pl.String, "park": pl.Int64,
                   "above_scale": pl.Boolean, "main_products": pl.String})
    products = query_frame(EnterprisePosition.objects.order_by().exclude(products="").values_list("enterprise_id", "products"),
                      {"enterprise": pl.Int64, "products": pl.String}).group_by("enterprise").agg(
        pl.col("products").str.join(" "))
    offers = query_frame(Need.objects.filter(kind=Need.Kind.OFFER, status=Need.Status.OPEN).order_by()
                    .values_list("enterprise_id", "title", "text"),
                    {"enterprise": pl.Int64, "title": pl.String, "text": pl.String}).group_by("enterprise").agg(
        pl.concat_str("title", "text", separator=" ").str.join(" ").alias("offers"))
    quals = query_frame(Qualification.objects.order_by().values("enterprise_id").annotate(n=Count("id"))
                   .values_list("enterprise_id", "n"), {"enterprise": pl.Int64, "quals": pl.Int64})
    enterprises = (ents.join(products, on="enterprise", how="left").join(offers, on="enterprise", how="left")
                   .join(quals, on="enterprise", how="left")
                   .select("enterprise", "uscc", "name", pl.col("park").cast(pl.String),
                           pl.col("uscc").str.slice(2, 6).is_in(divisions).alias("local"),
                           pl.col("uscc").str.slice(2, 2).eq("12").alias("city"), "above_scale",
                           pl.col("quals").fill_null(0),
                           pl.concat_str(pl.col("main_products").fill_null(""), pl.col("products").fill_null(""),
                                         pl.col("offers").fill_null(""), separator=" ").alias("text")))
    positions = query_frame(EnterprisePosition.objects.order_by().values_list("enterprise_id", "node__code"),
                       {"enterprise": pl.Int64, "node": pl.String})
    nodes = pl.DataFrame([{"code": n.code, "name": n.name, "name_en": n.name_en, "chain": n.chain.code, "chain_name": n.chain.name,
                           "parent": n.parent.code if n.parent_id else None, "keywords": list(n.keywords),
                           "level": n.level} for n in ChainNode.objects.select_related("chain", "parent")],
                         schema={"code": pl.String, "name": pl.String, "name_en": pl.String, "chain": pl.String, "chain_name": pl.String,
                                 "parent": pl.String, "keywords": pl.List(pl.String), "level": pl.Int64})
    edges = query_frame(ChainEdge.objects.values_list("source__code", "target__code"), {"source": pl.String, "target": pl.String})
    supplies = query_frame(SupplyRelation.objects.order_by().values("customer_id", "supplier_id").annotate(n=Count("id"))
                      .values_list("customer_id", "supplier_id", "n"),
                      {"buyer": pl.Int64, "supplier": pl.Int64, "deals": pl.Int64})
    signed = query_frame(Match.objects.filter(status=Match.Status.SIGNED).order_by().values("need__enterprise_id", "supplier_id")
                    .annotate(n=Count("id")).values_list("need__enterprise_id", "supplier_id", "n"),
                    {"buyer": pl.Int64, "supplier": pl.Int64, "deals": pl.Int64})
    deals = pl.concat([supplies, signed]).group_by("buyer", "supplier").agg(pl.col("deals").sum())
    return MatchData(enterprises, positions, nodes, edges, deals)


def _key() -> str:
    return data_fingerprint((Enterprise, EnterprisePosition, ChainNode, ChainEdge, SupplyRelation))


def _last_offer() -> int:
    return Need.objects.aggregate(top=Max("id"))["top"] or 0


def _build_in_background(key: str, data: MatchData, last_offer: int) -> None:
    """Build the matcher (CPU only: the data was read by the request) and swap it in."""
    built = Matcher(data)
    with _lock:
        if _state["building"] == key:
            _state.update(key=key, matcher=built, last_offer=last_offer, building=None)


def matcher() -> Matcher:
    """This process's matcher, current with the registry and every open offer. After a registry change
    a large district's matcher is rebuilt in a background thread (``LIANDONG_MATCHER_SYNC_REBUILD``):
    until it is ready, requests use the previous one (new offers still reach it)."""
    key = _key()
    with _lock:
        if _state["key"] != key and _state["building"] != key:
            last_offer, data = _last_offer(), match_data()  # read first: offers after it are added below
            if _state["matcher"] is None or data.enterprises.height <= settings.LIANDONG_MATCHER_SYNC_REBUILD:
                _state.update(key=key, matcher=Matcher(data), last_offer=last_offer, building=None)
            else:
                thread = threading.Thread(target=_build_in_background, args=(key, data, last_offer),
                                          name="liandong-matcher-build", daemon=True)
                _state.update(building=key, thread=thread)
                thread.start()
        current: Matcher = _state["matcher"]
        for need_id, enterprise, title, text in (Need.objects.filter(pk__gt=_state["last_offer"], kind=Need.Kind.OFFER)
                                                 .order_by("pk").values_list("pk", "enterprise_id", "title", "text")):
            current.add_offer(enterprise, f"{title} {text}")
            _state["last_offer"] = need_id
        return current


def wait_for_rebuild(timeout: float | None = None) -> None:
    """Until a background rebuild has finished."""
    thread = _state["thread"]
    if thread is not None:
        thread.join(timeout)


def names(actor) -> NameIndex:
    """The names the actor may look enterprises up by: for district staff the whole registry's, kept
    by this process per state of the registry; for an enterprise user its own."""
    visible = enterprises_visible(actor)
    if not scoping.reads_whole_district(actor):
        return NameIndex(dict(visible.values_list("uscc", "name")))
    # renames in place show when the shared cache's stamp expires
    return _names.get("name-index:" + data_fingerprint((Enterprise,)),
                      lambda: NameIndex(dict(visible.values_list("uscc", "name"))))


def reset() -> None:
    with _lock:
        _state.update(key=None, matcher=None, last_offer=0, building=None, thread=None)
        _names.clear()
