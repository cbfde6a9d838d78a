"""The alliance's API (docs/api.md#alliance): members, pairings, activities, rota and summary here;
the resource catalogue (``api_catalogue``) and the service record (``api_records``) as sub-routers."""

from __future__ import annotations

from ninja import Router

from liandong.alliance.api_catalogue import router as catalogue_router
from liandong.alliance.api_records import router as records_router

router = Router(tags=["alliance"])
router.add_router("/resources", catalogue_router)
router.add_router("/services", records_router)
