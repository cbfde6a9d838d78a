"""What people read about a rejected import (#13 item 13): the column by its Chinese header as in the
template (统一社会信用代码, 规上企业 …), never the English key; a file that is not a workbook is said
to be so in Chinese, without the reader library's own message."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

from liandong.core.errors import ApplicationError
from liandong.enterprises.imports.columns import KINDS
from liandong.enterprises.models import ImportJob
from liandong.enterprises.tasks import run_import_job
from tests.enterprises.imports_helpers import run_import, write_kind
from tests.factories import make_admin, make_uscc

pytestmark = pytest.mark.django_db
LABELS = {c.key: c.label for c in KINDS["enterprises"]}
BAD_ROWS = [{"uscc": "123", "name": "甲", "above_scale": "也许", "employees": "一百"}]


def test_errors_carry_the_template_header(tmp_path):
    result = run_import(make_admin(), "enterprises", write_kind(tmp_path / "e.csv", "enterprises", BAD_ROWS,
                                                                style="key"))
    assert [(e["column"], e["label"]) for e in result.errors] == [
        ("above_scale", "规上企业"), ("employees", "从业人员"), ("uscc", "统一社会信用代码")]


def test_missing_column_message_names_only_the_chinese_header(tmp_path):
    path = write_kind(tmp_path / "q.csv", "qualifications", [{"uscc": make_uscc()}])
    error = run_import(make_admin(), "qualifications", path).errors[0]
    assert "资质名称" in error["message"] and "qualification" not in error["message"]


def test_the_job_page_shows_chinese_headers_not_keys(tmp_path):
    admin = make_admin()
    path = write_kind(tmp_path / "e.csv", "enterprises", BAD_ROWS, style="key")
    job = ImportJob.objects.create(user=admin, kind="enterprises", filename="e.csv", content=path.read_bytes())
    run_import_job(job.id)
    client = Client()
    client.force_login(admin)
    page = client.get(f"/enterprises/import/jobs/{job.id}/").content.decode()
    table = page[page.index('id="import-errors"'):]
    table = table[:table.index("</table>")]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    for key in ("uscc", "above_scale", "employees"):
        assert LABELS[key] in cells and key not in cells


def test_the_cli_names_chinese_headers(tmp_path, capsys):
    path = write_kind(tmp_path / "e.csv", "enterprises", BAD_ROWS, style="key")
    make_admin(username="operator")
    with pytest.raises(SystemExit):
        call_command("import", "enterprises", str(path), "--user", "operator")
    out = capsys.readouterr()
    text = out.out + out.err
    assert "[统一社会信用代码]" in text and "[规上企业]" in text and "[uscc]" not in text


def test_the_api_returns_the_label(tmp_path, api_client_for):
    path = write_kind(tmp_path / "e.csv", "enterprises", BAD_ROWS, style="key")
    with open(path, "rb") as fh:
        response = api_client_for(make_admin()).post("/api/v1/imports/enterprises", {"file": fh})
    assert response.status_code == 400
    assert {e["label"] for e in response.json()["errors"]} == {"统一社会信用代码", "规上企业", "从业人员"}


@pytest.mark.parametrize("content", [b"not excel at all", b"PK\x03\x04 broken zip", "统一社会信用代码,企业名称\n".encode()])
def test_a_file_that_is_no_workbook_is_said_to_be_so_in_chinese(tmp_path, content):
    fake = tmp_path / "企业名录.xlsx"
    fake.write_bytes(content)
    with pytest.raises(ApplicationError) as info:
        run_import(make_admin(), "enterprises", fake)
    message = info.value.message
    assert "不是可读取的 Excel 工作簿" in message
    for library_word in ("calamine", "error", "Cannot", "detect", "format", "workbook", "bytes"):
        assert library_word not in message


def test_the_import_page_names_kinds_in_chinese_only(tmp_path):
    admin = make_admin()
    ImportJob.objects.create(user=admin, kind="supply-relations", filename="供应关系.csv", content=b"")
    client = Client()
    client.force_login(admin)
    page = client.get("/enterprises/import/").content.decode()
    text = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>|<option[^>]*>|href=\"[^\"]*\"", " ", page))
    for key in KINDS:
        assert not re.search(rf"(?<![\w/-]){re.escape(key)}(?![\w-])", text), key
    assert "供应关系" in text and "xlsx" not in text
