"""The shipped rule packs and their YAML test cases (src/liandong/data/policies), read without Django."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from liandong.engines.eligibility import FIELDS, Pack, parse_pack

POLICIES = Path(__file__).resolve().parents[3] / "src" / "liandong" / "data" / "policies"


def load_packs() -> dict[str, Pack]:
    packs = {}
    for path in sorted(POLICIES.glob("*.yaml")):
        pack = parse_pack(yaml.safe_load(path.read_text(encoding="utf-8")))
        packs[pack.code] = pack
    return packs


def load_cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((POLICIES / "tests").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append((data["pack"], {**case, "facts": {**data.get("base", {}), **(case.get("facts") or {})}}))
    return out


SCHEMA = {name: (pl.Boolean if f.kind == "bool" else pl.Float64) for name, f in FIELDS.items()}


def facts_frame(rows: list[dict]) -> pl.DataFrame:
    """Facts as the vectorised engine reads them: every catalogue column, unknown when absent."""
    return pl.DataFrame([{"enterprise": i, **{k: row.get(k) for k in SCHEMA}} for i, row in enumerate(rows)],
                        schema={"enterprise": pl.Int64, **SCHEMA})
