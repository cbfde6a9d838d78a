from django.urls import path

from liandong.chains import views

app_name = "chains"
urlpatterns = [
    path("", views.chain_index, name="index"),
    path("<slug:code>/", views.chain_detail, name="detail"),
    path("<slug:code>/catalogue.xlsx", views.chain_catalogue, name="catalogue"),
    path("<slug:code>/nodes/<str:node>/", views.chain_node, name="node"),
]
