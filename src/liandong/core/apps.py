from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "liandong.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from liandong.core.audit import register_models

        register_models()
