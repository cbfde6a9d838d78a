"""The home page's headline figures, within the actor's scope."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count

from liandong.accounts import scoping
from liandong.chains.models import Chain, ChainNode, EnterprisePosition
from liandong.chains.selectors import chain_list
from liandong.core.db import data_fingerprint
from liandong.enterprises.models import Enterprise, Park, Qualification, QualificationType
from liandong.enterprises.selectors import enterprises_visible, local_only, outside_only, today


def district_overview(*, actor) -> dict:
    """Counts for the home page; the district-wide ones are cached per state of the registry."""
    on = today()
    if not scoping.reads_whole_district(actor):
        return _overview(actor, on)
    key = "district-overview:v1:" + data_fingerprint((Enterprise, Qualification, QualificationType, Park,
                                                      EnterprisePosition, Chain, ChainNode), on.isoformat())
    found = cache.get(key)
    if found is None:
        found = _overview(actor, on)
        cache.set(key, found, settings.LIANDONG_ANALYSIS_CACHE_SECONDS)
    return found


def _overview(actor, on) -> dict:
    visible = enterprises_visible(actor)
    current = Qualification.objects.filter(enterprise__in=visible).current(on)
    per_type = dict(current.values_list("type_id").annotate(n=Count("enterprise_id", distinct=True)))
    expiring = (Qualification.objects.filter(enterprise__in=visible, expires__gte=on,
                                              expires__lte=on.replace(year=on.year + 1) if on.month != 2 or on.day != 29
                                              else on.replace(year=on.year + 1, day=28)).count())
    local = local_only(visible)
    return {
        "enterprises": local.count(),
        "outside": outside_only(visible).count(),
        "above_scale": local.filter(above_scale=True).count(),
        "parks": Park.objects.count(),
        "qualifications": [{"code": t.code, "name": t.name, "count": per_type.get(t.id, 0)}
                           for t in QualificationType.objects.all()],
        "expiring_within_year": expiring,
        "chains": chain_list(actor=actor),
        "as_of": on,
    }


def enterprise_home(*, actor, now=None) -> dict:
    """An enterprise user's home page (review #13 item 14): its own enterprise's card — chain positions,
    qualifications, its open appeals with their clocks, the policies it meets or nearly meets — and no
    district figures (district sums are for district staff, ``scoping.reads_whole_district``)."""
    from django.utils import timezone

    from liandong.appeals.selectors import appeal_list, clock_views
    from liandong.enterprises.selectors import qualifications_current

    enterprise = enterprises_visible(actor).select_related("park").first()
    if enterprise is None:
        return {"enterprise": None}
    now = now or timezone.now()
    on = timezone.localdate(now)
    appeals = appeal_list(actor=actor, open_only=True)
    return {
        "enterprise": enterprise,
        "positions": list(EnterprisePosition.objects.filter(enterprise=enterprise).select_related("chain", "node")
                          .order_by("chain__order", "node__order")),
        "qualifications": [(q, current) for q, current in qualifications_current(enterprise, on)],
        "appeals": [(a, clock_views(a, now)) for a in appeals[:5]],
        "open_appeals": appeals.count(),
        "policies": _policies_within_reach(actor, enterprise),
        "as_of": on,
    }


def _policies_within_reach(actor, enterprise) -> list[dict]:
    """The policies the enterprise meets or nearly meets, from its own screening (policies app)."""
    from liandong.core.errors import ApplicationError
    from liandong.policies.selectors import enterprise_policies

    try:
        found = enterprise_policies(actor=actor, enterprise=enterprise)
    except ApplicationError:  # an enterprise registered outside the district is not screened
        return []
    return [p for p in found if p["status"] in {"met", "near"}]
