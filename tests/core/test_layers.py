"""Issue #14 item 6 (docs/architecture.md#layers-inside-an-app): writes only in services — no view or API module of a
domain app writes to the database itself (save, create, update, delete, bulk_*)."""

from __future__ import annotations

import re
from pathlib import Path

import liandong

SRC = Path(liandong.__file__).parent
WRITE = re.compile(r"\.(save|delete|bulk_create|bulk_update|get_or_create|update_or_create)\(|objects\.create\("
                   r"|\)\.update\(|\)\.delete\(")
APPS = ("accounts", "alliance", "appeals", "chains", "enterprises", "events", "funds", "investment", "matchmaking",
        "policies", "stats")


def test_views_and_api_modules_leave_writes_to_services():
    offenders = [f"{path.relative_to(SRC)}:{n}: {line.strip()}"
                 for app in APPS for pattern in ("views*.py", "api*.py") for path in sorted((SRC / app).glob(pattern))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if WRITE.search(line)]
    assert offenders == []
