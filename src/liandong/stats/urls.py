from django.urls import path

from liandong.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.report_page, name="report"),
    path("export.xlsx", views.report_export, name="export"),
    path("<slug:kind>/<str:code>/", views.group_page, name="group"),
]
