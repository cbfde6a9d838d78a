"""Test-run environment, loaded as a pytest plugin (``-p tests.environment`` in pyproject.toml).

Why a plugin and not ``tests/conftest.py``: pytest-django reads the Django settings in its
``pytest_load_initial_conftests`` hook, which runs *before* pytest imports any conftest.py, and
``liandong.site.settings`` reads the environment at import time (it refuses to load without
LIANDONG_SECRET_KEY unless LIANDONG_DEBUG is on, and creates LIANDONG_VAR). Plugins named with
``-p`` are imported earlier still, right after the ini ``pythonpath`` (``.``) is put on sys.path,
so setting the environment here reaches the settings. Subprocesses started by tests (the CLI
tests) inherit the same environment.

- LIANDONG_DEBUG=1 unless a secret key or an explicit LIANDONG_DEBUG is given;
- LIANDONG_VAR, LIANDONG_DB and LIANDONG_HUEY_DB point into a fresh temporary directory, removed at
  exit, so a test run never touches ./var (the developer's database, static files, huey queue).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

if not os.environ.get("LIANDONG_SECRET_KEY"):
    os.environ.setdefault("LIANDONG_DEBUG", "1")

TEST_VAR = tempfile.mkdtemp(prefix="liandong-test-var-")
os.environ["LIANDONG_VAR"] = TEST_VAR
os.environ["LIANDONG_DB"] = os.path.join(TEST_VAR, "liandong.sqlite3")
os.environ["LIANDONG_HUEY_DB"] = os.path.join(TEST_VAR, "huey.sqlite3")
os.environ.setdefault("LIANDONG_LOG_LEVEL", "WARNING")
os.environ["LIANDONG_CACHE"] = "locmem"  # tests/conftest.py clears it before every test
atexit.register(shutil.rmtree, TEST_VAR, ignore_errors=True)
