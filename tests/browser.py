"""The ``page`` fixture of the browser tests (imported by tests/conftest.py): Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
        yield context.new_page()
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)




@pytest.fixture
def plain_static(settings):
    """Static files straight from the apps (no collectstatic manifest) for the live server."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def sign_in(page, live_server, username: str, next_path: str, password: str = "") -> None:
    """Log in through the real login form and land on ``next_path``."""
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_path}")


def switch_user(page, live_server, username: str, next_path: str) -> None:
    """Sign out (drop the session cookie) and sign in as another user."""
    page.context.clear_cookies()
    sign_in(page, live_server, username, next_path)


def screenshot(page, name: str, fallback_dir, *, down_to: str = "") -> str:
    """Save what the browser shows as ``<name>.png``: into the directory named by LIANDONG_SCREENSHOTS
    (``LIANDONG_SCREENSHOTS=docs/images`` refreshes the pictures the docs show), else ``fallback_dir``.
    ``down_to``: a selector whose element must be in the picture (the page is cut below it)."""
    from pathlib import Path

    target = Path(os.environ.get("LIANDONG_SCREENSHOTS") or fallback_dir)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    clip = None
    if down_to:  # within the viewport: a full-page capture resizes the page and redraws the charts
        box = page.locator(down_to).first.bounding_box()
        size = page.viewport_size
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], box["y"] + box["height"] + 16)}
    page.screenshot(path=str(path), clip=clip)
    return str(path)


def csp_violations(page) -> list[str]:
    """Collect what the Content-Security-Policy refuses on ``page`` (Chromium reports each refusal on
    the console); a test asserts the list stays empty."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    return found
