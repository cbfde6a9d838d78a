from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "liandong.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from liandong.core.db import on_data_changed
        from liandong.stats.tasks import queue_warm_stats_report

        on_data_changed(queue_warm_stats_report)
