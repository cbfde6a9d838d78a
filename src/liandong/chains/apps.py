from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "liandong.chains"
    label = "chains"
    verbose_name = _("Industrial chains")

    def ready(self) -> None:
        from liandong.chains.tasks import queue_warm_chain_analyses
        from liandong.core.db import on_data_changed

        on_data_changed(queue_warm_chain_analyses)
