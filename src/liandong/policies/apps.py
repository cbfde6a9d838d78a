from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class PoliciesConfig(registry.LiandongApp):
    name = "liandong.policies"
    label = "policies"
    verbose_name = _("Policies and tiers")
    url_prefix = "policies/"
    api_routers = (registry.ApiRouter("/policies", "liandong.policies.api:router"),)
    audited_models = ("PackConfirmation", "CustomPolicy", "DeclaredFact")
    nav = (registry.NavEntry(_("Policies"), "policies:overview", order=40, active_namespace="policies"),)
    data_changed = ("liandong.policies.tasks:queue_warm_policy_screening",)
