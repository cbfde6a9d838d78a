"""The shipped appeal categories (``data/appeal_categories.yaml``), loaded by a data migration."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "appeal_categories.yaml"


def read_categories() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def load_categories(category_model, organization_model) -> int:
    """Create or update the categories; link each to its usual department when that exists."""
    for order, row in enumerate(read_categories()):
        department = organization_model.objects.filter(name=row.get("department", "")).first()
        category_model.objects.update_or_create(code=row["code"], defaults={
            "name": row["name"], "description": row.get("description", ""), "order": order,
            "respond_hours": row.get("respond_hours", 1), "dock_days": row.get("dock_days", 1),
            "resolve_days": row.get("resolve_days", 5), "default_department": department})
    return len(read_categories())
