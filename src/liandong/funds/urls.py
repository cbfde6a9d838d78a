from django.urls import path

from liandong.funds import views, views_capital

app_name = "funds"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("guide/", views_capital.guide, name="guide"),
    path("financing/", views_capital.financing, name="financing"),
    path("financing/post/", views_capital.financing_post, name="financing_post"),
    path("batch/", views.batch, name="batch"),
    path("awards/", views.awards, name="awards"),
    path("awards/new/", views.award_new, name="new"),
    path("awards/<int:award_id>/", views.award, name="award"),
    path("awards/<int:award_id>/move/", views.award_move, name="move"),
    path("enterprises/<str:uscc>/", views.enterprise_awards, name="enterprise"),
    path("publicity.xlsx", views.publicity, name="publicity"),
]
