"""Run the web server (gunicorn) and the background worker (Huey consumer) together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _liandong() -> list[str]:
    exe = Path(sys.executable).with_name("liandong")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "liandong"]


def serve(addr: str = "127.0.0.1:8000", *, workers: int = 2, with_worker: bool = True) -> int:
    """Collect static files, start gunicorn on ``addr`` and one Huey consumer; stop both on Ctrl-C."""
    env = dict(os.environ)
    subprocess.run([*_liandong(), "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    procs = [subprocess.Popen([str(gunicorn), "liandong.site.wsgi:application", "--bind", addr,
                               "--workers", str(workers), "--threads", "4", "--timeout", "300",
                               "--access-logfile", "-" if env.get("LIANDONG_ACCESS_LOG") else "/dev/null"],
                              env=env)]
    if with_worker:
        procs.append(subprocess.Popen([*_liandong(), "worker"], env=env))

    def stop(*_args) -> None:
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    finally:
        stop()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return max((p.returncode or 0) for p in procs)
