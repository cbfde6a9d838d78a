"""Gap analysis of the chains (补链·强链·延链) for the pages, the API and the CLI.

The engine (``liandong.engines.graph``) computes every chain from frames of the registry
(``chains.frames``). District-wide readers (admin, chain officers, departments, analysts) share one
cached result per state of the data: the cache key is a fingerprint of the tables the analysis
reads (row counts and highest ids), and entries also expire after
``LIANDONG_ANALYSIS_CACHE_SECONDS``, which bounds how long an in-place edit can go unseen.
Enterprise users get none (403): they see the chain's outline, their own nodes and their neighbours.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.frames import chain_frames
from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition, SupplyRelation
from liandong.core.db import data_fingerprint as fingerprint
from liandong.core.errors import NotFoundError, PermissionDeniedError
from liandong.engines.graph import Thresholds, analyze_chains
from liandong.enterprises.models import AnnualData, Enterprise, MonthlyIndicator


def thresholds() -> Thresholds:
    return Thresholds(**settings.LIANDONG_CHAIN_THRESHOLDS)


def data_fingerprint() -> str:
    """Changes when the rows the analysis reads change (``core.db.data_fingerprint``)."""
    return fingerprint((Enterprise, EnterprisePosition, SupplyRelation, MonthlyIndicator, AnnualData, ChainNode,
                        ChainEdge), settings.LIANDONG_CHAIN_THRESHOLDS, settings.LIANDONG_DISTRICT_DIVISIONS)


def _compute(enterprises: QuerySet[Enterprise] | None) -> dict[str, dict[str, Any]]:
    """Analyse every chain over ``enterprises`` (None: the whole registry)."""
    names = dict(Chain.objects.values_list("code", "name"))
    results = analyze_chains(chain_frames(enterprises), thresholds())
    out = {}
    for code, analysis in results.items():
        data = analysis.as_dict()
        data["chain"] = {"code": code, "name": names.get(code, code)}
        out[code] = data
    return out


def chain_analyses(*, actor) -> dict[str, dict[str, Any]]:
    """Every chain's analysis. Gap analysis is a district view for district staff (review #13 item 14):
    computed over one enterprise it would show every other node as missing, so enterprise users get
    PermissionDeniedError (403) and see the chain's outline instead (``selectors.enterprise_outline``)."""
    if not scoping.reads_whole_district(actor):
        raise PermissionDeniedError(_("Gap analysis is for district staff."))
    key = f"chain-analysis:v1:{data_fingerprint()}"
    result = cache.get(key)
    if result is None:
        result = _compute(None)
        cache.set(key, result, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    return result


def chain_analysis(*, actor, code: str) -> dict[str, Any]:
    """One chain (by code or name) in the shape of docs/cli.md#chains-analyze."""
    chain = Chain.objects.filter(code=code).first() or Chain.objects.filter(name=code).first()
    if chain is None:
        raise NotFoundError(_("Chain not found."), {"chain": code})
    return chain_analyses(actor=actor)[chain.code]
