from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class FundsConfig(registry.LiandongApp):
    name = "liandong.funds"
    label = "funds"
    verbose_name = _("Funds and financing")
    url_prefix = "funds/"
    api_routers = (registry.ApiRouter("/funds", "liandong.funds.api:router"),
                   registry.ApiRouter("/financing", "liandong.funds.api_financing:router"))
    audited_models = ("Program", "ProgramYear", "Award", "AwardEvent", "SubFund", "FundInvestment",
                      "FinancingNeed", "FinancingProduct", "FinancingMatch")
    nav = (registry.NavEntry(_("Funds"), "funds:ledger", order=67, active_namespace="funds"),)
    import_kinds = "liandong.funds.imports:KINDS"
    demo_steps = (registry.DemoStep("funds", "资金兑现", "liandong.funds.demo:build", order=110,
                                    reset="liandong.funds.demo:reset"),
                  registry.DemoStep("funds_capital", "引导基金与投融资对接", "liandong.funds.demo_capital:build",
                                    order=111, reset="liandong.funds.demo_capital:reset"))
