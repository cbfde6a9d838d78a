from django.urls import path

from liandong.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("ladder/", views.ladder, name="ladder"),
    path("new/", views.custom_new, name="new"),
    path("enterprises/<str:uscc>/", views.enterprise_page, name="enterprise"),
    path("enterprises/<str:uscc>/declare/", views.declare, name="declare"),
    path("<slug:code>/", views.policy_page, name="policy"),
    path("<slug:code>/no-application.xlsx", views.no_application_export, name="no-application"),
    path("<slug:code>/confirm/", views.confirm, name="confirm"),
]
