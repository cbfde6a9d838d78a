from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from liandong.appeals import views as appeal_views
from liandong.core import views
from liandong.core.api import api

admin.site.site_header = _("Liandong · back office")
admin.site.site_title = _("Liandong back office")
admin.site.index_title = _("District data")

handler403 = views.forbidden
handler404 = views.not_found
handler500 = views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("enterprises/", include("liandong.enterprises.urls")),
    path("chains/", include("liandong.chains.urls")),
    path("stats/", include("liandong.stats.urls")),
    path("appeals/", include("liandong.appeals.urls")),
    path("events/", include("liandong.events.urls")),
    path("policies/", include("liandong.policies.urls")),
    path("matchmaking/", include("liandong.matchmaking.urls")),
    path("notifications/", appeal_views.notification_page, name="notifications"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
