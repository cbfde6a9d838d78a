from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class EnterprisesConfig(registry.LiandongApp):
    name = "liandong.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")
    url_prefix = "enterprises/"
    api_routers = (registry.ApiRouter("/enterprises", "liandong.enterprises.api:router"),
                   registry.ApiRouter("/imports", "liandong.enterprises.api:imports_router"))
    audited_models = ("Enterprise", "Park", "ParkMembership", "Qualification", "Contact", "AnnualData",
                      "MonthlyIndicator")
    nav = (
        registry.NavEntry(_("Enterprises"), "enterprises:index", order=10, active_namespace="enterprises",
                 inactive_url_names=("import",)),
        registry.NavEntry(_("Import"), "enterprises:import", order=80, visible="liandong.accounts.scoping:reads_whole_district",
                 active_url_names=("enterprises:import",)),
    )
    import_kinds = "liandong.enterprises.imports.kinds:REGISTRY_KINDS"
