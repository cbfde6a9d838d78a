from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class EventsConfig(registry.LiandongApp):
    name = "liandong.events"
    label = "events"
    verbose_name = _("Events and 1:1 meetings")
    url_prefix = "events/"
    api_routers = (registry.ApiRouter("/events", "liandong.events.api:router"),)
    audited_models = ("Event", "Invitation", "Registration", "MeetingRequest")
    nav = (registry.NavEntry(_("Events"), "events:index", order=70, active_namespace="events"),)
