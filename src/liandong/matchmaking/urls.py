from django.urls import path

from liandong.matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.market, name="market"),
    path("funnel/", views.funnel_page, name="funnel"),
    path("needs/<int:need_id>/", views.need_page, name="need"),
    path("needs/<int:need_id>/node/", views.confirm_node, name="confirm-node"),
    path("needs/<int:need_id>/introduce/", views.introduce, name="introduce"),
    path("matches/<int:match_id>/advance/", views.advance, name="advance"),
    path("enterprises/<str:uscc>/", views.enterprise_page, name="enterprise"),
]
