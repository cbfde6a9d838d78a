from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class StatsConfig(registry.LiandongApp):
    name = "liandong.stats"
    label = "stats"
    verbose_name = _("Statistics")
    url_prefix = "stats/"
    api_routers = (registry.ApiRouter("/stats", "liandong.stats.api:router"),)
    audited_models = ("OfficialTotal",)
    nav = (registry.NavEntry(_("Statistics"), "stats:report", order=30, visible="liandong.accounts.scoping:can_read_statistics",
                    active_namespace="stats"),)
    data_changed = ("liandong.stats.tasks:queue_warm_stats_report",)
    import_kinds = "liandong.stats.imports:KINDS"
