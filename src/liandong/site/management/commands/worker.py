"""``liandong worker``: the background worker only (Huey consumer; SQLite queue, or Redis with REDIS_URL)."""

from django.core.management import call_command

from liandong.core.commands import LiandongCommand


class Command(LiandongCommand):
    help = "Run the background worker (Huey consumer)."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, **opts):
        call_command("run_huey", workers=opts["workers"], worker_type="thread")
