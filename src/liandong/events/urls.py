from django.urls import path

from liandong.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_index, name="index"),
    path("new/", views.event_form, name="new"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("<int:event_id>/", views.event_page, name="detail"),
    path("<int:event_id>/edit/", views.event_form, name="edit"),
    path("<int:event_id>/register/", views.register, name="register"),
    path("<int:event_id>/registrations/<int:registration_id>/cancel/", views.cancel, name="cancel"),
    path("<int:event_id>/registrations/<int:registration_id>/unavailable/", views.unavailable, name="unavailable"),
    path("<int:event_id>/registrations/<int:registration_id>/feedback/", views.feedback, name="feedback"),
    path("<int:event_id>/registrations/<int:registration_id>/agenda/", views.agenda_page, name="agenda"),
    path("<int:event_id>/invite/", views.invite, name="invite"),
    path("<int:event_id>/meetings/request/", views.request_meeting, name="request"),
    path("<int:event_id>/meetings/<int:request_id>/answer/", views.answer_meeting, name="answer"),
    path("<int:event_id>/meetings/<int:request_id>/outcome/", views.outcome, name="outcome"),
    path("<int:event_id>/schedule/", views.make_schedule, name="schedule"),
    path("<int:event_id>/checkin/", views.checkin, name="checkin"),
    path("<int:event_id>/tables/", views.tables_page, name="tables"),
]
