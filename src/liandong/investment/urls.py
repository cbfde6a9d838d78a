from django.urls import path

from liandong.investment import views

app_name = "investment"
urlpatterns = [
    path("", views.board, name="board"),
]
