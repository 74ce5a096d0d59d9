"""API paths of the groups (published: keep them stable), mounted at ``/api/v1/groups/`` in the
``api`` namespace: ``api:groups:list`` and ``api:groups:queue``. They read suggestions, so they
live here; see ``ideas.group_api``."""

from django.urls import path

from ideas import group_api

app_name = "groups"

urlpatterns = [
    path("", group_api.GroupListView.as_view(), name="list"),
    path("<slug:slug>/queue/", group_api.GroupQueueView.as_view(), name="queue"),
]
