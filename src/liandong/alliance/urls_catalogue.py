"""The resource catalogue's pages (included by ``alliance/urls.py``, namespace "alliance")."""

from django.urls import path

from liandong.alliance import views_catalogue as views

urlpatterns = [
    path("resources/", views.resources, name="resources"),
    path("resources/new/", views.resource_new, name="resource_new"),
    path("resources/export.xlsx", views.resources_export, name="resources_export"),
    path("resources/<int:resource_id>/", views.resource, name="resource"),
    path("resources/<int:resource_id>/edit/", views.resource_edit, name="resource_edit"),
    path("resources/<int:resource_id>/active/", views.resource_active, name="resource_active"),
    path("resources/<int:resource_id>/cite/", views.resource_cite, name="resource_cite"),
]
