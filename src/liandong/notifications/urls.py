from django.urls import path

from liandong.notifications import views

# No app_name: the bell in base.html links to the plain name "notifications".
urlpatterns = [path("", views.notification_page, name="notifications")]
