"""Settings: production refuses to start without a secret key; SQLite runs in WAL mode; time
zone Asia/Shanghai and Chinese by default; the test run keeps out of ./var."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
print(json.dumps({"debug": settings.DEBUG, "journal_mode": mode, "db": settings.DATABASES["default"]["NAME"]}))
"""


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"LIANDONG_DEBUG", "LIANDONG_SECRET_KEY", "DATABASE_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "liandong.site.settings"
    env.update(extra)
    return env


def test_production_refuses_to_start_without_a_secret_key():
    proc = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=production_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert "LIANDONG_SECRET_KEY" in proc.stderr


def test_production_with_a_key_starts_and_sqlite_runs_in_wal_mode(tmp_path):
    db_file = tmp_path / "wal.sqlite3"
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                          env=production_env(LIANDONG_SECRET_KEY="k" * 50, LIANDONG_DB=str(db_file)))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["debug"] is False
    assert result["db"] == str(db_file)
    assert result["journal_mode"] == "wal"
    assert Path(f"{db_file}-wal").exists() or db_file.exists()


def test_time_zone_and_language():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Authentication required.") == "需要身份认证。"


def test_messages_are_chinese_by_default(db):
    """English msgids with a complete zh_Hans translation (compiled by ``make messages``)."""
    response = Client().get("/api/v1/enterprises")
    assert response.status_code == 401
    assert response.json()["message"] == "需要身份认证。"
    english = Client(headers={"Accept-Language": "en"}).get("/api/v1/enterprises")
    assert english.json()["message"] == "Authentication required."


def test_the_test_run_keeps_out_of_the_checkout_var_folder():
    checkout_var = (Path.cwd() / "var").resolve()
    assert Path(settings.VAR_DIR).resolve() != checkout_var
    assert checkout_var not in Path(settings.HUEY["filename"]).resolve().parents
    assert os.environ["LIANDONG_VAR"] == str(settings.VAR_DIR)
