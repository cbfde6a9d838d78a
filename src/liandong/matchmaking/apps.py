from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class MatchmakingConfig(registry.LiandongApp):
    name = "liandong.matchmaking"
    label = "matchmaking"
    verbose_name = _("Supply and demand matchmaking")
    url_prefix = "matchmaking/"
    api_routers = (registry.ApiRouter("/matchmaking", "liandong.matchmaking.api:router"),)
    audited_models = ("Need", "Match")
    nav = (registry.NavEntry(_("Matchmaking"), "matchmaking:market", order=60, active_namespace="matchmaking"),)
