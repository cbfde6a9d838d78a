from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "liandong.policies"
    label = "policies"
    verbose_name = _("Policies and tiers")

    def ready(self) -> None:
        from liandong.core.db import on_data_changed
        from liandong.policies.tasks import queue_warm_policy_screening

        on_data_changed(queue_warm_policy_screening)
