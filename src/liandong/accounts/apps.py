from django.utils.translation import gettext_lazy as _

from liandong.core import registry


class AccountsConfig(registry.LiandongApp):
    name = "liandong.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    api_routers = (registry.ApiRouter("/auth", "liandong.accounts.api:router"),)
    audited_models = ("Organization", "User")
    audit_exclude = {"User": ("password", "last_login")}
