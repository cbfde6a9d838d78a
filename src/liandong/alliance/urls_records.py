"""The service record's pages (views_records), included by urls.py under /alliance/."""

from django.urls import path

from liandong.alliance import views_records

urlpatterns = [
    path("services/", views_records.services, name="services"),
    path("services/export.xlsx", views_records.services_export, name="services_export"),
    path("services/visits/new/", views_records.visit_new, name="visit_new"),
    path("services/<int:record_id>/", views_records.service, name="service"),
    path("services/<int:record_id>/appeal/", views_records.visit_appeal, name="visit_appeal"),
    path("enterprises/<str:uscc>/services/", views_records.enterprise_services, name="enterprise_services"),
]
