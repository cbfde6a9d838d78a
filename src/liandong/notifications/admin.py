from django.contrib import admin
from django.utils.translation import gettext_lazy

from liandong.notifications.models import Delivery, DepartmentChannels


@admin.register(DepartmentChannels)
class DepartmentChannelsAdmin(admin.ModelAdmin):
    list_display = ("organization", "email", "webhook_format", "webhook_url")


DELIVERY_KINDS = {"invite": gettext_lazy("event invitation"), "alert": gettext_lazy("time limit warning")}
"""What a message is about, by the first part of its once-only key: ``invite:<event>`` (events.services),
``alert:<appeal>:<clock>:<level>:<round>`` (notify.alert, level 100 the 督办), then ``:mail:<user>`` or
``:hook:<department>``."""


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Outgoing messages by subject and kind; the once-only key (invite:47:mail:5) is the platform's, not
    an official's, and is left out (#13 item 13)."""

    list_display = ("subject", "kind", "channel", "target", "state", "sent_at", "error")
    list_filter = ("state", "channel")
    search_fields = ("subject", "target")
    fields = ("kind", "channel", "target", "subject", "body", "state", "error", "sent_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("message kind"))
    def kind(self, obj):
        parts = obj.key.split(":")
        if parts[0] == "alert" and len(parts) > 3 and parts[3] == "100":
            return gettext_lazy("overdue escalation")
        return DELIVERY_KINDS.get(parts[0], "—")
