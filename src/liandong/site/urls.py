"""The site's URLs: each app's pages at the prefix it declares (core.registry), the API, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from liandong.core import views as error_views
from liandong.core.registry import liandong_apps
from liandong.site import views
from liandong.site.api import api

admin.site.site_header = _("Liandong · back office")
admin.site.site_title = _("Liandong back office")
admin.site.index_title = _("District data")

handler403 = error_views.forbidden
handler404 = error_views.not_found
handler500 = error_views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    *(path(app.url_prefix, include(f"{app.name}.urls")) for app in liandong_apps() if app.url_prefix),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
