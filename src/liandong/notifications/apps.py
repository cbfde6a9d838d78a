from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class NotificationsConfig(registry.LiandongApp):
    name = "liandong.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    url_prefix = "notifications/"
    api_routers = (registry.ApiRouter("/notifications", "liandong.notifications.api:router"),)
    audited_models = ("DepartmentChannels",)
