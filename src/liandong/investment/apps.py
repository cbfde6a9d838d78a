from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class InvestmentConfig(registry.LiandongApp):
    name = "liandong.investment"
    label = "investment"
    verbose_name = _("Investment promotion")
    url_prefix = "investment/"
    api_routers = (registry.ApiRouter("/projects", "liandong.investment.api:router"),)
    audited_models = ("Project", "ProjectEvent", "ProjectDocument", "Lead", "StageLimit")
    nav = (registry.NavEntry(_("Investment"), "investment:board", order=65,
                             visible="liandong.investment.selectors:can_read_projects", active_namespace="investment"),)
    import_kinds = "liandong.investment.imports:KINDS"
    demo_steps = (registry.DemoStep("projects", "招商项目", "liandong.investment.demo:build", order=100,
                                          reset="liandong.investment.demo:reset"),)
