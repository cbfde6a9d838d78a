"""Benchmark: build the demo district at ``--scale 100000`` into a fresh SQLite file.

Runs ``liandong demo --scale N --no-serve --json`` as a subprocess with LIANDONG_DB and
LIANDONG_VAR in a temporary directory (the checkout's database is never touched), times it and
prints one JSON object on stdout:

    {"bench": "demo_scale", "scale": ..., "seconds": ..., "build_seconds": ..., "counts": {...},
     "limit_seconds": 300, "ok": seconds <= 300}

``seconds`` is the wall time of the whole command (migrate included); ``build_seconds`` is what
the command itself reports. Exit status 1 when the command fails or the limit is exceeded.

    .venv/bin/python bench/demo_scale.py              # 100000 enterprises
    .venv/bin/python bench/demo_scale.py --scale 5000 # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_SECONDS = 300


def _liandong() -> list[str]:
    exe = Path(sys.executable).with_name("liandong")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "liandong"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (path on stderr)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="liandong-demo-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LIANDONG_DEBUG"}}
    env.update(LIANDONG_DB=str(tmp / "demo.sqlite3"), LIANDONG_VAR=str(tmp),
               LIANDONG_HUEY_DB=str(tmp / "huey.sqlite3"))
    cmd = [*_liandong(), "demo", "--scale", str(args.scale), "--no-serve", "--json"]
    if args.seed is not None:
        cmd += ["--seed", str(args.seed)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = round(time.perf_counter() - started, 2)
    sys.stderr.write(proc.stderr)
    try:
        out = json.loads(proc.stdout)
    except json.JSONDecodeError:
        out = {"ok": False, "message": proc.stdout[-500:]}
    if args.keep:
        sys.stderr.write(f"kept {tmp}\n")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    ok = proc.returncode == 0 and bool(out.get("ok")) and seconds <= LIMIT_SECONDS
    result = {
        "bench": "demo_scale", "scale": args.scale, "seconds": seconds, "build_seconds": out.get("seconds"),
        "counts": out.get("counts", {}), "limit_seconds": LIMIT_SECONDS, "ok": ok,
    }
    if proc.returncode != 0:
        result["error"] = out.get("message") or proc.stderr[-500:]
    print(json.dumps(result, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
