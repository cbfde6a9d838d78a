from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class AllianceConfig(registry.LiandongApp):
    name = "liandong.alliance"
    label = "alliance"
    verbose_name = _("Chain alliance")
    url_prefix = "alliance/"
    api_routers = (registry.ApiRouter("/alliance", "liandong.alliance.api:router"),
                   registry.ApiRouter("/alliance/resources", "liandong.alliance.api_catalogue:router"),
                   registry.ApiRouter("/alliance/services", "liandong.alliance.api_records:router"))
    audited_models = ("Member", "Pairing", "PairingLog", "Activity", "Outcome", "RotaSlot", "Resource", "ServiceRecord")
    nav = (registry.NavEntry(_("Alliance"), "alliance:overview", order=68,
                             visible="liandong.alliance.selectors:can_read_alliance", active_namespace="alliance"),)
    import_kinds = "liandong.alliance.imports:KINDS"
    demo_steps = (registry.DemoStep("alliance", "产业链党建联盟", "liandong.alliance.demo:build", order=120,
                                    reset="liandong.alliance.demo:reset"),)
    data_changed = ("liandong.alliance.tasks:queue_service_records_sync",)
    sections = (registry.PageSection("enterprise", "liandong.alliance.views_records:enterprise_section", order=50),
                registry.PageSection("appeal", "liandong.alliance.views_catalogue:appeal_section", order=50))
