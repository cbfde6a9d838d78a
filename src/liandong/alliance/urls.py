from django.urls import path

from liandong.alliance import urls_catalogue, urls_records, views

app_name = "alliance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("members/", views.members, name="members"),
    path("members/export.xlsx", views.members_export, name="members-export"),
    path("pairings/export.xlsx", views.pairings_export, name="pairings-export"),
    path("activities/export.xlsx", views.activities_export, name="activities-export"),
    path("members/new/", views.member_form, name="member-new"),
    path("members/<int:member_id>/", views.member, name="member"),
    path("members/<int:member_id>/edit/", views.member_form, name="member-edit"),
    path("pairings/", views.pairings, name="pairings"),
    path("pairings/new/", views.pairing_new, name="pairing-new"),
    path("pairings/suggestions/", views.suggestions, name="suggestions"),
    path("pairings/suggestions/pair/", views.suggestion_pair, name="suggestion-pair"),
    path("pairings/<int:pairing_id>/", views.pairing, name="pairing"),
    path("pairings/<int:pairing_id>/log/", views.pairing_log, name="pairing-log"),
    path("pairings/<int:pairing_id>/edit/", views.pairing_edit, name="pairing-edit"),
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_form, name="activity-new"),
    path("activities/<int:activity_id>/", views.activity, name="activity"),
    path("activities/<int:activity_id>/edit/", views.activity_form, name="activity-edit"),
    path("activities/<int:activity_id>/outcomes/", views.outcome_add, name="outcome-add"),
    path("activities/<int:activity_id>/event/", views.activity_event, name="activity-event"),
    path("outcomes/<int:outcome_id>/introduce/", views.outcome_introduce, name="outcome-introduce"),
    path("rota/", views.rota, name="rota"),
    path("rota/set/", views.rota_set, name="rota-set"),
    path("rota/adopt/", views.rota_adopt, name="rota-adopt"),
    *urls_catalogue.urlpatterns,
    *urls_records.urlpatterns,
]
