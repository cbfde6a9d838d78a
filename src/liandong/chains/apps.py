from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class ChainsConfig(registry.LiandongApp):
    name = "liandong.chains"
    label = "chains"
    verbose_name = _("Industrial chains")
    url_prefix = "chains/"
    api_routers = (registry.ApiRouter("/chains", "liandong.chains.api:router"),)
    audited_models = ("Chain", "ChainNode", "ChainEdge", "EnterprisePosition", "SupplyRelation")
    nav = (registry.NavEntry(_("Chains"), "chains:index", order=20, active_namespace="chains"),)
    data_changed = ("liandong.chains.tasks:queue_warm_chain_analyses",)
    import_kinds = "liandong.chains.imports:KINDS"
