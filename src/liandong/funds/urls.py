from django.urls import path

from liandong.funds import views, views_capital

app_name = "funds"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("guide/", views_capital.guide, name="guide"),
    path("financing/", views_capital.financing, name="financing"),
    path("financing/post/", views_capital.financing_post, name="financing_post"),
]
