"""Browser sessions: lockout after five failed logins, 30 minutes of idleness end a session."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, make_analyst

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_failed_logins_lock_the_account_even_for_the_right_password():
    user = make_analyst()
    client = Client()
    for _ in range(4):
        assert login(client, user.username, "wrong-password").status_code == 200  # form shown again
    locked = login(client, user.username, "wrong-password")
    assert locked.status_code == 429
    again = login(Client(), user.username, PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in again.client.session


def test_the_right_password_logs_in_and_resets_the_count():
    user = make_analyst()
    client = Client()
    for _ in range(4):
        login(client, user.username, "wrong-password")
    assert login(client, user.username, PASSWORD).status_code == 302
    assert client.get("/enterprises/").status_code == 200


def test_thirty_idle_minutes_end_the_session_but_activity_keeps_it():
    user = make_analyst()
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert login(client, user.username, PASSWORD).status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=25), tick=False):
        assert client.get("/enterprises/").status_code == 200  # activity renews the 30 minutes
    with time_machine.travel(start + dt.timedelta(minutes=50), tick=False):
        assert client.get("/enterprises/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=81), tick=False):
        response = client.get("/enterprises/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
