from django.urls import path

from liandong.investment import views

app_name = "investment"
urlpatterns = [
    path("", views.board, name="board"),
    path("projects/new/", views.project_new, name="new"),
    path("projects/<str:code>/", views.project_page, name="project"),
    path("projects/<str:code>/advance/", views.project_advance, name="advance"),
    path("projects/<str:code>/edit/", views.project_edit, name="edit"),
    path("projects/<str:code>/documents/", views.documents_add, name="documents"),
    path("projects/<str:code>/documents/<int:document_id>/", views.document, name="document"),
    path("leads/", views.leads, name="leads"),
    path("leads/adopt/", views.lead_adopt, name="adopt"),
    path("leads/<int:lead_id>/convert/", views.lead_convert, name="convert"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/", views.export, name="export"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/limits/", views.stage_limits, name="limits"),
]
