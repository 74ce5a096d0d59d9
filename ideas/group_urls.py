"""The groups' work on suggestions. ``/groups/``, ``/groups/<slug>/queue/`` and ``/triage/``
are published addresses: keep them stable. Included by ``popsote/urls.py`` with
``processing_groups.urls`` under the one namespace ``groups``.
"""

from django.urls import path

from ideas.views import meetings, queue

urlpatterns = [
    path("groups/", queue.group_list, name="list"),
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
