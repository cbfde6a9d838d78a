"""The import and template commands (docs/cli.md#import, docs/cli.md#template).

A few tests run the real console script ``.venv/bin/liandong`` in a subprocess against one
migrated SQLite file shared by the module (each process start costs ~2 s); the rest call the same
commands in-process with ``call_command`` on the test database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from liandong.engines.uscc import CHARSET
from liandong.enterprises.imports.columns import KINDS
from liandong.enterprises.models import Enterprise
from tests.enterprises.imports_helpers import write_kind
from tests.factories import make_uscc

CLI = Path(sys.executable).with_name("liandong")
CONTRACT_KEYS = {"kind", "file", "ok", "rows", "created", "updated", "errors"}
ERROR_KEYS = {"row", "column", "value", "message"}


def cli_env(db_file: Path) -> dict[str, str]:
    env = {**os.environ, "LIANDONG_DB": str(db_file), "DJANGO_SETTINGS_MODULE": "liandong.site.settings"}
    env.pop("DATABASE_URL", None)
    return env


def start(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([str(CLI), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def enterprise_count(db_file: Path) -> int:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT COUNT(*) FROM enterprises_enterprise").fetchone()[0]


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> dict:
    """One SQLite file migrated by ``liandong migrate`` for the whole module; the commands that need
    no database run meanwhile (process start-up dominates their cost)."""
    folder = tmp_path_factory.mktemp("cli")
    db_file = folder / "cli.sqlite3"
    env = cli_env(db_file)
    procs = {
        "migrate": start(env, "migrate", "--noinput", "-v", "0"),
        "missing_file": start(env, "import", "enterprises", str(folder / "nope.csv"), "--json"),
    }
    results = {name: finish(proc) for name, proc in procs.items()}
    assert results["migrate"][0] == 0, results["migrate"][2]
    return {"db": db_file, "env": env, **results}


def test_cli_usage_error_exits_2_with_json(cli):
    rc, out, _err = cli["missing_file"]
    assert rc == 2
    payload = json.loads(out)
    assert payload["ok"] is False and "nope.csv" in payload["message"]


def test_cli_import_rejects_with_exit_1_then_imports_with_exit_0(cli, tmp_path):
    db_file, env = cli["db"], cli["env"]
    code = make_uscc()
    bad_code = code[:-1] + CHARSET[(CHARSET.index(code[-1]) + 1) % 31]
    bad = write_kind(tmp_path / "bad.xlsx", "enterprises", [{"uscc": make_uscc(), "name": "甲"},
                                                             {"uscc": bad_code, "name": "乙"}])
    before = enterprise_count(db_file)
    rc, out, err = finish(start(env, "import", "enterprises", str(bad), "--json"))
    assert rc == 1, err
    payload = json.loads(out)  # stdout holds the JSON and nothing else
    assert set(payload) >= CONTRACT_KEYS
    assert payload["ok"] is False and payload["kind"] == "enterprises" and payload["rows"] == 2
    assert [e["row"] for e in payload["errors"]] == [3]
    assert set(payload["errors"][0]) >= ERROR_KEYS
    assert (payload["errors"][0]["column"], payload["errors"][0]["value"]) == ("uscc", bad_code)
    assert enterprise_count(db_file) == before

    good = write_kind(tmp_path / "good.csv", "enterprises",
                      [{"uscc": make_uscc(), "name": f"命令行企业{i}", "above_scale": "是"} for i in range(3)])
    rc, out, err = finish(start(env, "import", "enterprises", str(good), "--json"))
    assert rc == 0, err
    payload = json.loads(out)
    assert set(payload) >= CONTRACT_KEYS
    assert (payload["ok"], payload["rows"], payload["created"], payload["updated"], payload["errors"]) == (
        True, 3, 3, 0, [])
    assert payload["file"] == str(good)
    assert enterprise_count(db_file) == before + 3


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_template_for_every_kind(tmp_path, kind):
    target = tmp_path / f"{kind}.xlsx"
    call_command("template", kind, "-o", str(target))
    sheet = load_workbook(target).worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == [c.label for c in KINDS[kind]]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in header)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_csv_template_header(tmp_path, kind):
    target = tmp_path / f"{kind}.csv"
    call_command("template", kind, "-o", str(target))
    first_line = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.split(",") == [c.label for c in KINDS[kind]]


@pytest.mark.django_db
def test_filled_in_template_imports(tmp_path):
    """A template as downloaded, filled in by the user below its header, imports cleanly."""
    target = tmp_path / "enterprises.xlsx"
    call_command("template", "enterprises", "-o", str(target))
    wb = load_workbook(target)
    code = make_uscc()
    wb.worksheets[0].append([code, "模板填写企业", None, 100])
    wb.save(target)
    call_command("import", "enterprises", str(target))
    assert Enterprise.objects.get(uscc=code).name == "模板填写企业"


def test_import_command_usage_errors_in_process(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        call_command("import", "enterprises", str(tmp_path / "missing.xlsx"), json=True)
    assert info.value.code == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False
    with pytest.raises(CommandError):
        call_command("import", "people", str(tmp_path / "missing.xlsx"))


@pytest.mark.django_db
def test_import_command_dry_run_in_process(tmp_path, capsys):
    path = write_kind(tmp_path / "e.csv", "enterprises", [{"uscc": make_uscc(), "name": f"甲{i}"} for i in range(2)])
    call_command("import", "enterprises", str(path), "--dry-run", json=True)
    payload = json.loads(capsys.readouterr().out)
    assert (payload["ok"], payload["dry_run"], payload["created"]) == (True, True, 2)
    assert Enterprise.objects.count() == 0


@pytest.mark.django_db
def test_import_command_in_process_rejects_with_exit_1(tmp_path, capsys):
    path = write_kind(tmp_path / "e.csv", "enterprises", [{"uscc": "123", "name": "甲"}])
    with pytest.raises(SystemExit) as info:
        call_command("import", "enterprises", str(path), json=True)
    assert info.value.code == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    assert payload["errors"] == [{"row": 2, "column": "uscc", "label": "统一社会信用代码", "value": "123",
                                  "message": payload["errors"][0]["message"]}]
    assert Enterprise.objects.count() == 0


@pytest.mark.django_db
def test_import_command_acts_as_a_named_user(tmp_path, capsys):
    from auditlog.models import LogEntry

    from tests.factories import make_admin, make_analyst

    path = write_kind(tmp_path / "e.csv", "enterprises", [{"uscc": make_uscc(), "name": "甲"}])
    analyst = make_analyst()
    with pytest.raises(SystemExit) as info:
        call_command("import", "enterprises", str(path), json=True, user=analyst.username)
    assert info.value.code == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False
    with pytest.raises(SystemExit) as info:
        call_command("import", "enterprises", str(path), json=True, user="nobody")
    assert info.value.code == 2  # an unknown --user is a usage error
    capsys.readouterr()
    assert Enterprise.objects.count() == 0

    admin = make_admin()
    call_command("import", "enterprises", str(path), json=True, user=admin.username)
    assert json.loads(capsys.readouterr().out)["created"] == 1
    created = Enterprise.objects.get()
    entry = LogEntry.objects.get_for_object(created).get(action=LogEntry.Action.CREATE)
    assert entry.actor_id == admin.pk
