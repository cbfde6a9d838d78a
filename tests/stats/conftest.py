"""A district rebuilt from the published line (tests/engines/stats/builders.PUBLISHED), loaded through
the real ``indicators`` import: five chain enterprises and one off-chain enterprise, January–June of
2022 and 2023, amounts in 万元."""

from __future__ import annotations

import datetime as dt

import pytest

from liandong.accounts.scoping import SYSTEM
from tests.engines.stats.builders import PUBLISHED
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_enterprise, make_position, make_qualification

ROOT_NODES = {"ic": "ic.up.mat.wafer", "iov": "iov", "auto": "auto", "equip": "equip", "bio": "bio"}


@pytest.fixture
def published_district(db, tmp_path):
    from liandong.enterprises.models import Park

    park = Park.objects.create(name="学府工业园区")
    enterprises = {}
    for number, chain, *_ in PUBLISHED:
        e = make_enterprise(above_scale=True, park=park if number <= 3 else None)
        enterprises[number] = e
        if chain:
            make_position(e, ROOT_NODES[chain])
    make_qualification(enterprises[1], "high-tech", granted=dt.date(2021, 1, 1), expires=dt.date(2023, 12, 31))
    make_qualification(enterprises[2], "high-tech", granted=dt.date(2020, 1, 1), expires=dt.date(2022, 12, 31))
    rows = []
    for number, _chain, base, comparable, current in PUBLISHED:
        uscc = enterprises[number].uscc
        for month in range(1, 7):
            rows.append({"uscc": uscc, "period": f"2022-{month:02d}", "value_added": base,
                         "value_added_comparable": base, "output_value": base * 4, "above_scale": "是"})
            rows.append({"uscc": uscc, "period": f"2023-{month:02d}", "value_added": current,
                         "value_added_comparable": comparable, "output_value": current * 4, "above_scale": "是"})
    result = run_import(SYSTEM, "indicators", write_kind(tmp_path / "indicators.xlsx", "indicators", rows))
    assert result.ok, result.errors
    return enterprises
