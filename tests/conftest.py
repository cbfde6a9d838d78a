"""Shared fixtures.

The environment (LIANDONG_DEBUG, a temporary LIANDONG_VAR) is set by ``tests/environment.py``, a
plugin loaded with ``-p`` from pyproject.toml: pytest-django reads the settings before it imports
this file, so setting the environment here would be too late (see that module's docstring).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.browser import page, plain_static  # noqa: F401  (fixtures of every browser test)

# Property tests: no wall-clock deadline (CI machines vary) and no example database in the checkout.
hypothesis_settings.register_profile("liandong", deadline=None, database=None)
hypothesis_settings.load_profile("liandong")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached chain analyses must not leak from one test's data into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 with a million rounds costs ~0.3 s per password; tests do not test the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client_for(db) -> Callable[..., Client]:
    """``api_client_for(user)`` → a Client sending ``Authorization: Bearer <token>`` for that user;
    ``api_client_for(None)`` → an anonymous client."""
    from liandong.accounts.models import ApiToken

    def make(user) -> Client:
        if user is None:
            return Client()
        _token, raw = ApiToken.issue(user)
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make
