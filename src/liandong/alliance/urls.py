from django.urls import path

from liandong.alliance import urls_catalogue, urls_records, views

app_name = "alliance"
urlpatterns = [
    path("", views.overview, name="overview"),
    *urls_catalogue.urlpatterns,
    *urls_records.urlpatterns,
]
