from django.urls import path

from liandong.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_index, name="index"),
    path("export.xlsx", views.enterprise_export, name="export"),
    path("import/", views.import_page, name="import"),
    path("import/jobs/<int:job_id>/", views.import_job_status, name="import-job"),
    path("import/templates/<slug:kind>.xlsx", views.import_template, name="import-template"),
    path("<str:uscc>/", views.enterprise_detail, name="detail"),
]
