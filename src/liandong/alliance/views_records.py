"""The service record's pages (服务台账): the enterprise timeline, visits, 家次 counts."""

from __future__ import annotations


def enterprise_section(request, enterprise) -> str | None:
    """The service timeline on the enterprise page (core.registry.PageSection "enterprise")."""
    return None
