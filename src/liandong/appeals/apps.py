from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class AppealsConfig(registry.LiandongApp):
    name = "liandong.appeals"
    label = "appeals"
    verbose_name = _("Enterprise appeals")
    url_prefix = "appeals/"
    api_routers = (registry.ApiRouter("/appeals", "liandong.appeals.api:router"),)
    audited_models = ("Appeal", "AppealCategory", "CalendarOverride", "CalendarYear")
    nav = (registry.NavEntry(_("Appeals"), "appeals:index", order=50, active_namespace="appeals"),)
