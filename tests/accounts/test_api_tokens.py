"""Bearer tokens: POST /api/v1/auth/token, lockout after five failures (django-axes), expiry."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from liandong.accounts.models import ApiToken
from tests.factories import PASSWORD, make_analyst

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token"


def ask_token(username: str, password: str):
    return Client().post(TOKEN_URL, json.dumps({"username": username, "password": password}),
                         content_type="application/json")


def with_token(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_right_password_gives_a_working_token():
    user = make_analyst()
    response = ask_token(user.username, PASSWORD)
    assert response.status_code == 200
    raw = response.json()["token"]
    assert with_token(raw).get("/api/v1/enterprises").status_code == 200
    stored = ApiToken.objects.get(user=user)
    assert stored.digest != raw  # only a digest is kept
    assert stored.expires_at > timezone.now()


def test_wrong_password_is_401_with_error_body():
    user = make_analyst()
    response = ask_token(user.username, "not-the-password")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "extra"}
    assert not ApiToken.objects.exists()


def test_unknown_user_is_401():
    assert ask_token("nobody", PASSWORD).status_code == 401


def test_inactive_user_gets_no_token():
    user = make_analyst(is_active=False)
    assert ask_token(user.username, PASSWORD).status_code == 401


def test_five_failures_lock_the_account_even_for_the_right_password():
    user = make_analyst()
    statuses = [ask_token(user.username, f"wrong-{i}").status_code for i in range(5)]
    assert statuses == [401, 401, 401, 401, 403]  # the fifth failure locks
    locked = ask_token(user.username, PASSWORD)
    assert locked.status_code == 403
    # The API speaks {"message", "extra"} also when django-axes locks the account (not its HTML page).
    assert locked.headers["Content-Type"].startswith("application/json")
    assert set(locked.json()) == {"message", "extra"}
    assert locked.json()["extra"] == {"locked": True}
    assert not ApiToken.objects.exists()


def test_lock_expires_after_the_cool_off():
    user = make_analyst()
    for i in range(5):
        ask_token(user.username, f"wrong-{i}")
    assert ask_token(user.username, PASSWORD).status_code == 403
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert ask_token(user.username, PASSWORD).status_code == 200


def test_four_failures_do_not_lock():
    user = make_analyst()
    for i in range(4):
        assert ask_token(user.username, f"wrong-{i}").status_code == 401
    assert ask_token(user.username, PASSWORD).status_code == 200


def test_lockout_is_per_user_name():
    victim, bystander = make_analyst(), make_analyst()
    for i in range(5):
        ask_token(victim.username, f"wrong-{i}")
    assert ask_token(bystander.username, PASSWORD).status_code == 200


def test_expired_token_is_401():
    user = make_analyst()
    _token, raw = ApiToken.issue(user)
    client = with_token(raw)
    assert client.get("/api/v1/chains").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=12, minutes=1)):
        response = client.get("/api/v1/chains")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "extra"}


def test_token_of_a_deactivated_user_is_401():
    user = make_analyst()
    _token, raw = ApiToken.issue(user)
    user.is_active = False
    user.save()
    assert with_token(raw).get("/api/v1/chains").status_code == 401


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz"])
def test_bad_authorization_headers_are_401(header):
    response = Client(headers={"Authorization": header}).get("/api/v1/enterprises")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "extra"}
