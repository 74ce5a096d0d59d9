"""Handler groups' pages. ``/groups/``, ``/groups/<slug>/queue/`` and ``/triage/`` are in
API.md: keep them stable."""

from django.urls import path

from processing_groups.views import groups, manage, meetings, queue

app_name = "groups"

urlpatterns = [
    path("groups/", groups.group_list, name="list"),
    path("groups/new/", manage.group_create, name="create"),
    path("groups/<slug:slug>/", groups.group_detail, name="detail"),
    path("groups/<slug:slug>/edit/", manage.group_edit, name="edit"),
    path("groups/<slug:slug>/members/", manage.members, name="members"),
    path("groups/<slug:slug>/queue/", queue.group_queue, name="queue"),
    path("groups/<slug:slug>/meetings/", meetings.meeting_list, name="meetings"),
    path("groups/<slug:slug>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("groups/<slug:slug>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("groups/<slug:slug>/meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/print/",
        meetings.minutes_print,
        name="minutes_print",
    ),
    path("triage/", queue.triage, name="triage"),
]
