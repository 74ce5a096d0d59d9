"""API paths of the groups (published: keep them stable), mounted at ``/api/v1/groups/`` in the
``api`` namespace: ``api:groups:list`` and ``api:groups:queue``. They read suggestions, so they
live here; see ``ideas.api.group_views``."""

from django.urls import path

from ideas.api import group_views

app_name = "groups"

urlpatterns = [
    path("", group_views.GroupListView.as_view(), name="list"),
    path("<slug:slug>/queue/", group_views.GroupQueueView.as_view(), name="queue"),
]
