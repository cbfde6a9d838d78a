from django.urls import path

from liandong.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.ledger, name="ledger"),
]
