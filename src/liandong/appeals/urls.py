from django.urls import path

from liandong.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_index, name="index"),
    path("new/", views.appeal_new, name="new"),
    path("metrics/", views.metrics_page, name="metrics"),
    path("metrics/export.xlsx", views.metrics_export, name="metrics-export"),
    path("<str:number>/", views.appeal_page, name="detail"),
    path("<str:number>/act/<slug:action>/", views.appeal_action, name="act"),
    path("<str:number>/attach/", views.appeal_attach, name="attach"),
    path("<str:number>/attachments/<int:attachment_id>/", views.appeal_attachment, name="attachment"),
]
