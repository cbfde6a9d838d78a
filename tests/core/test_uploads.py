"""Uploads of any size (#13 item 9, docs/api.md#uploads): a body over LIANDONG_MAX_UPLOAD_MB
(default 20) answers 413 before it is read, on every upload endpoint and for every role — JSON
``{"message", "extra"}`` on the API, a Chinese page on the web — also when it arrives chunked without
a Content-Length; and a user who may not upload is refused before the server reads the body.

"Not read" is observed on the request's own input stream: the test client's ``FakePayload`` records
whether anything read it, a chunked body is a plain stream whose position shows how far it was read.
The last test sends the bodies over a socket to the production server (gunicorn).
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from liandong.appeals import services as appeal_services
from liandong.core.uploads import CHUNK
from liandong.enterprises.models import Enterprise, ImportJob
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_department_user,
    make_enterprise_user,
    make_uscc,
)

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
BIG = 21 * MB  # the default cap is 20 MB


def big_csv(name: str = "企业名录.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"uscc,name\n" + b"x" * BIG, content_type="text/csv")


def small_csv(uscc: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("企业名录.csv", f"统一社会信用代码,企业名称\n{uscc},天津分块上传科技有限公司\n".encode(),
                              content_type="text/csv")


def body_read(response) -> bool:
    return response.wsgi_request.environ["wsgi.input"].read_started


def token_client(user) -> Client:
    from liandong.accounts.models import ApiToken

    _token, raw = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def session_client(user, *, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


@pytest.fixture
def appeal():
    ent_user = make_enterprise_user()
    appeal = appeal_services.appeal_submit(actor=ent_user, category="land", title="厂房扩租", body="需要两千平米厂房")
    return ent_user, appeal.number


# --- 413 before reading ------------------------------------------------------------------------------
@pytest.mark.parametrize("make_user", [make_admin, make_chain_officer, make_department_user, make_analyst,
                                       make_enterprise_user])
def test_api_import_of_21_mb_answers_413_json_for_every_role_without_reading_it(make_user):
    response = token_client(make_user()).post("/api/v1/imports/enterprises", {"file": big_csv()})
    assert response.status_code == 413
    data = response.json()
    assert set(data) == {"message", "extra"} and data["extra"] == {"max_mb": 20}
    assert "20 MB" in data["message"] and "文件过大" in data["message"]
    assert not body_read(response)


def test_web_import_of_21_mb_answers_413_with_a_chinese_page_and_stores_nothing():
    response = session_client(make_admin()).post("/enterprises/import/", {"kind": "enterprises", "file": big_csv()})
    assert response.status_code == 413
    page = response.content.decode()
    assert "文件过大" in page and "20 MB" in page and 'lang="zh-hans"' in page
    assert not body_read(response)
    assert not ImportJob.objects.exists()


def test_appeal_attachments_of_21_mb_answer_413_on_the_api_and_the_page(appeal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ent_user, number = appeal
    big = SimpleUploadedFile("平面图.png", b"\x89PNG\r\n\x1a\n" + b"x" * BIG)
    api = token_client(ent_user).post(f"/api/v1/appeals/{number}/attachments", {"files": [big]})
    assert api.status_code == 413 and set(api.json()) == {"message", "extra"} and not body_read(api)
    big.seek(0)
    page = session_client(ent_user).post(f"/appeals/{number}/attach/", {"attachments": [big]})
    assert page.status_code == 413 and "文件过大" in page.content.decode() and not body_read(page)
    big.seek(0)
    new = session_client(ent_user).post("/appeals/new/", {"category": "land", "title": "t", "body": "b",
                                                          "attachments": [big]})
    assert new.status_code == 413 and not body_read(new)
    assert not list(tmp_path.rglob("*.png"))


def test_limit_follows_the_setting(settings):
    settings.LIANDONG_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("a.csv", b"x" * (MB + 1))
    response = token_client(make_admin()).post("/api/v1/imports/enterprises", {"file": upload})
    assert response.status_code == 413 and response.json()["extra"] == {"max_mb": 1}


# --- permission before reading -----------------------------------------------------------------------
def test_enterprise_user_is_refused_on_the_api_before_the_body_is_read():
    user = make_enterprise_user()
    before = Enterprise.objects.count()
    by_token = token_client(user).post("/api/v1/imports/enterprises", {"file": small_csv(make_uscc())})
    assert by_token.status_code == 403 and set(by_token.json()) == {"message", "extra"}
    assert not body_read(by_token)
    by_session = session_client(user, enforce_csrf=True).post("/api/v1/imports/enterprises",
                                                              {"file": small_csv(make_uscc())})
    assert by_session.status_code == 403 and not body_read(by_session)
    anonymous = Client().post("/api/v1/imports/enterprises", {"file": small_csv(make_uscc())})
    assert anonymous.status_code == 401 and not body_read(anonymous)
    assert Enterprise.objects.count() == before


def test_enterprise_user_is_refused_on_the_import_page_before_the_body_is_read():
    response = session_client(make_enterprise_user(), enforce_csrf=True).post(
        "/enterprises/import/", {"kind": "enterprises", "file": small_csv(make_uscc())})
    assert response.status_code == 404
    assert not body_read(response)
    assert not ImportJob.objects.exists()


def test_a_stranger_may_not_attach_to_an_appeal_and_the_body_is_not_read(appeal):
    _owner, number = appeal
    stranger = make_enterprise_user()
    png = SimpleUploadedFile("平面图.png", b"\x89PNG\r\n\x1a\n...")
    api = token_client(stranger).post(f"/api/v1/appeals/{number}/attachments", {"files": [png]})
    assert api.status_code == 404 and not body_read(api)
    png.seek(0)
    page = session_client(stranger, enforce_csrf=True).post(f"/appeals/{number}/attach/", {"attachments": [png]})
    assert page.status_code == 404 and not body_read(page)


def test_the_import_page_still_checks_the_csrf_token_after_the_permission():
    admin = make_admin()
    client = session_client(admin, enforce_csrf=True)
    refused = client.post("/enterprises/import/", {"kind": "enterprises", "file": small_csv(make_uscc())})
    assert refused.status_code == 403 and not ImportJob.objects.exists()
    client.get("/enterprises/import/")
    token = client.cookies["csrftoken"].value
    accepted = client.post("/enterprises/import/", {"kind": "enterprises", "file": small_csv(make_uscc()),
                                                    "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302 and ImportJob.objects.filter(user=admin).count() == 1


# --- chunked bodies without a Content-Length -------------------------------------------------------
def chunked_post(client: Client, path: str, files: dict, **headers: str):
    """POST a multipart body as a server passes a chunked request on: no CONTENT_LENGTH, the body a
    stream of unknown length (the chunk framing already undone)."""
    body = encode_multipart(BOUNDARY, files)
    stream = io.BytesIO(body)
    response = client.generic("POST", path, b"", **{"CONTENT_TYPE": MULTIPART_CONTENT, "wsgi.input": stream,
                                                   "HTTP_TRANSFER_ENCODING": "chunked", **headers})
    return response, stream


def test_chunked_body_over_the_cap_is_refused_as_it_streams():
    response, stream = chunked_post(token_client(make_admin()), "/api/v1/imports/enterprises",
                                    {"file": big_csv()})
    assert response.status_code == 413 and set(response.json()) == {"message", "extra"}
    assert 20 * MB < stream.tell() <= 20 * MB + CHUNK  # stopped reading right after the cap
    assert not Enterprise.objects.exists()


def test_chunked_body_under_the_cap_is_imported():
    uscc = make_uscc()
    response, _stream = chunked_post(token_client(make_admin()), "/api/v1/imports/enterprises",
                                     {"file": small_csv(uscc)})
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1 and Enterprise.objects.filter(uscc=uscc).exists()


# --- the upload handler: a body that reaches a parser unchecked ---------------------------------------
def test_upload_handler_refuses_a_body_over_the_cap_that_bypassed_the_middleware():
    from liandong.enterprises.views import import_page

    request = RequestFactory().post("/enterprises/import/", {"kind": "enterprises", "file": big_csv()})
    request.user = make_admin()
    request._dont_enforce_csrf_checks = True
    response = import_page(request)
    assert response.status_code == 413 and "文件过大".encode() in response.content
    assert not ImportJob.objects.exists()


# --- over a socket, to the production server ---------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn():
    """gunicorn serving the application (the 413 answer needs no database)."""
    port = _free_port()
    exe = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(exe), "liandong.site.wsgi:application", "--bind", f"127.0.0.1:{port}",
                             "--workers", "1", "--threads", "2"], env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"gunicorn did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def _response(sock: socket.socket) -> tuple[int, bytes]:
    """Status and body of one HTTP response (with Content-Length, as Django's CommonMiddleware sets)."""
    sock.settimeout(30)
    data = b""
    while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head)[1])
    while len(body) < length and (chunk := sock.recv(65536)):
        body += chunk
    return int(head.split(b" ")[1]), body


def test_the_server_answers_413_before_the_body_is_sent(gunicorn):
    head = (f"POST /api/v1/imports/enterprises HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
            f"Content-Type: {MULTIPART_CONTENT}\r\nContent-Length: {BIG}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", gunicorn)) as sock:
        sock.sendall(head)  # only the headers: the answer must come without the 21 MB
        status, body = _response(sock)
    assert status == 413 and set(json.loads(body)) == {"message", "extra"}


def test_the_server_refuses_a_chunked_body_once_it_passes_the_cap(gunicorn):
    head = (f"POST /enterprises/import/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {MULTIPART_CONTENT}\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n").encode()
    piece = b"x" * MB
    sent = 0
    with socket.create_connection(("127.0.0.1", gunicorn)) as sock:
        sock.sendall(head)
        try:
            while sent < BIG:
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                sent += len(piece)
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may stop listening once it has answered
        status, body = _response(sock)
    assert status == 413 and "文件过大" in body.decode()
