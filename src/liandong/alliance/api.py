"""The alliance's API (docs/api.md#alliance): members, pairings, activities, rota and summary here;
the resource catalogue (``api_catalogue``, /alliance/resources) and the service record (``api_records``,
/alliance/services) are mounted on their own in apps.py (a nested router loses its slash in the schema)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["alliance"])
