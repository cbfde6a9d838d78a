"""Helpers shared by the benchmarks: a scratch database and valid USCCs at any scale."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / ".venv" / "bin" / "liandong"
sys.path.insert(0, str(ROOT / "src"))

from liandong.engines.uscc import check_character  # noqa: E402

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc(i: int, division: str = "120111") -> str:
    """The i-th synthetic code: organisation code (GB 11714 check digit) + GB 32100-2015 check char."""
    org8 = f"{(i * 104729 + 20000000) % 100000000:08d}"
    c = 11 - sum(int(a) * w for a, w in zip(org8, ORG_WEIGHTS, strict=True)) % 11
    body = "91" + division + org8 + {10: "X", 11: "0"}.get(c, str(c))
    return body + check_character(body)


def scratch_env() -> tuple[dict[str, str], Path]:
    tmp = Path(tempfile.mkdtemp(prefix="liandong-bench-"))
    env = {**os.environ, "LIANDONG_DB": str(tmp / "bench.sqlite3"), "LIANDONG_VAR": str(tmp)}
    env.pop("DATABASE_URL", None)
    return env, tmp


def demo_django(scale: int, db: str | None) -> tuple[str, float | None]:
    """Django set up in this process on the demo district: ``db`` reused, or the district built at
    ``scale`` into a scratch database (``liandong demo --scale N --no-serve``). Returns the database
    path and the build's seconds (None when reused)."""
    env, _tmp = scratch_env()
    build_seconds = None
    if db:
        env["LIANDONG_DB"] = db
    else:
        t0 = time.perf_counter()
        subprocess.run([str(CLI), "demo", "--scale", str(scale), "--no-serve", "--json"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build_seconds = round(time.perf_counter() - t0, 1)
    os.environ.update(env)
    os.environ.setdefault("LIANDONG_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "liandong.site.settings"
    import django

    django.setup()
    return env["LIANDONG_DB"], build_seconds


def best_of(repeat: int, fn: Callable[[], Any], before: Callable[[], Any] | None = None) -> tuple[float, Any]:
    """Fastest of ``repeat`` runs of ``fn`` in seconds, and its result (``before`` runs untimed ahead
    of each)."""
    times, result = [], None
    for _ in range(repeat):
        if before is not None:
            before()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def timings(client, url: str, repeat: int) -> dict[str, float]:
    """Median and p95 in ms of ``repeat`` GETs of ``url`` (each must answer 200)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}


def cli(env: dict[str, str], *args: str) -> dict:
    proc = subprocess.run([str(CLI), *args, "--json"], env=env, capture_output=True, text=True, check=False)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"liandong {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-2000:]}") from None


def report(payload: dict) -> None:
    print(json.dumps(payload, ensure_ascii=False))
