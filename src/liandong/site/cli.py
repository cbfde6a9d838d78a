"""The ``liandong`` console script: Django's management commands with our settings.

``liandong migrate``, ``liandong demo``, ``liandong import enterprises file.xlsx --json`` ...
Commands that only run on this machine (everything except ``serve``) get a throw-away secret key
when none is configured; ``serve`` refuses to start without one unless LIANDONG_DEBUG is on.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

SERVING_COMMANDS = {"serve", "runserver"}


def _persistent_demo_key() -> str:
    var = Path(os.environ.get("LIANDONG_VAR", Path.cwd() / "var"))
    var.mkdir(parents=True, exist_ok=True)
    key_file = var / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else "help"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liandong.site.settings")
    if not os.environ.get("LIANDONG_SECRET_KEY"):
        if command == "demo":
            # The demo district is not production: keep one key per checkout so sessions survive restarts.
            os.environ["LIANDONG_SECRET_KEY"] = _persistent_demo_key()
        elif command not in SERVING_COMMANDS:
            os.environ["LIANDONG_SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
