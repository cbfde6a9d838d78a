"""The resource catalogue's pages (资源目录) and its section on the appeal page."""

from __future__ import annotations


def appeal_section(request, appeal) -> str | None:
    """The catalogue's resources matching an appeal, for the department handling it
    (core.registry.PageSection "appeal")."""
    return None
