from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class SiteConfig(registry.LiandongApp):
    """The composition root: settings, URLs, the API root, the home page, the server."""

    name = "liandong.site"
    label = "site"
    verbose_name = _("Site")
    nav = (
        registry.NavEntry(_("Overview"), "home", order=0, active_url_names=("home",)),
        registry.NavEntry(_("Back office"), "admin:index", order=90, visible="liandong.site.context:is_back_office_user"),
    )
