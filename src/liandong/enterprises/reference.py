"""Reference data shipped inside the package and loaded by data migrations.

Loaders take the model classes as arguments so migrations can pass their historical models.
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any

import yaml


def read_industry_codes() -> list[dict[str, Any]]:
    """GB/T 4754-2017 rows: code, level, section, name, note, parent (derived from the code).

    The shipped table corrects one line of the converted source: 3741 飞机制造 was listed as a second
    level-3 "374"; the standard's class is 3741.
    """
    text = resources.files("liandong.data").joinpath("gbt4754-2017.csv").read_text(encoding="utf-8")
    table = list(csv.DictReader(text.splitlines()))
    known = {row["code"] for row in table}
    rows = []
    for row in table:
        code, level = row["code"], int(row["level"])
        parent = row["section"] if level == 2 else (code[:-1] if level > 2 else None)
        if parent is not None and parent not in known:
            # A division with a single class lists no group (0190 sits under 01): climb one more level.
            parent = code[:2]
        rows.append({"code": code, "level": level, "section": row["section"], "name": row["name"],
                     "note": row["note"] or "", "parent_id": parent})
    return rows


def load_industry_codes(IndustryCode) -> int:  # noqa: N803 (a model class)
    rows = read_industry_codes()
    existing = set(IndustryCode.objects.values_list("code", flat=True))
    # Parents first: rows come ordered section → division → group → class.
    IndustryCode.objects.bulk_create(
        [IndustryCode(**r) for r in rows if r["code"] not in existing], batch_size=500
    )
    return len(rows)


def read_qualification_catalogue() -> list[dict[str, Any]]:
    text = resources.files("liandong.data").joinpath("qualifications.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_qualification_catalogue(QualificationType) -> int:  # noqa: N803
    items = read_qualification_catalogue()
    for order, item in enumerate(items, start=1):
        QualificationType.objects.update_or_create(code=item["code"], defaults={**item, "order": order})
    return len(items)
