"""``liandong serve [--addr HOST:PORT]``: production web server and background worker."""

from liandong.core.commands import LiandongCommand
from liandong.site.server import serve


class Command(LiandongCommand):
    help = "Serve the web UI and API (gunicorn) with a background worker (Huey)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true", help="web only; run `liandong worker` elsewhere")

    def handle(self, *args, **opts):
        self.progress(f"链动 serving on http://{opts['addr']}  (Ctrl-C to stop)")
        code = serve(opts["addr"], workers=opts["workers"], with_worker=not opts["no_worker"])
        self.emit({"ok": code == 0}, code=code and 1)
