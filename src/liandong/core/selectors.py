"""The home page's headline figures, within the actor's scope."""

from __future__ import annotations

from django.db.models import Count

from liandong.accounts import scoping
from liandong.chains.selectors import chain_list
from liandong.enterprises.models import Park, Qualification, QualificationType
from liandong.enterprises.selectors import local_only, outside_only, today


def district_overview(*, actor) -> dict:
    visible = scoping.enterprises_visible(actor)
    on = today()
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
