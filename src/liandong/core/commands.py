"""Base for Liandong's CLI commands (docs/cli.md#conventions).

Every command accepts ``--json``: the machine-readable result on stdout and nothing else there.
Exit codes: 0 success, 1 rejected input (nothing written), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from liandong.core.errors import ApplicationError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class LiandongCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--json", action="store_true", help="machine-readable result on stdout")
        return parser

    def execute(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        self.as_json = options.get("json", False)
        try:
            return super().execute(*args, **options)
        except ApplicationError as err:
            self.emit({"ok": False, "message": err.message, "extra": err.extra},
                      human=f"错误：{err.message}", code=EXIT_REJECTED)
        except CommandError as err:
            self.emit({"ok": False, "message": str(err), "extra": {}}, human=str(err), code=EXIT_USAGE)

    def emit(self, payload: dict[str, Any], *, human: str = "", code: int = EXIT_OK) -> None:
        if self.as_json:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=_default) + "\n")
        elif human:
            (sys.stdout if code == EXIT_OK else sys.stderr).write(human + "\n")
        sys.stdout.flush()
        if code != EXIT_OK:
            sys.exit(code)

    def progress(self, message: str) -> None:
        """Progress goes to stderr so that stdout stays clean JSON."""
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
