"""The groups' own pages: a group, and the coordinators' management of groups and members.

Included by ``popsote/urls.py`` together with ``ideas.group_urls`` under one namespace,
``groups``: to a person they are all "the groups' pages", while the code that reads
suggestions stays in ``ideas``.
"""

from django.urls import path

from processing_groups.views import groups, manage

urlpatterns = [
    path("groups/new/", manage.group_create, name="create"),
    path("groups/<slug:slug>/", groups.group_detail, name="detail"),
    path("groups/<slug:slug>/edit/", manage.group_edit, name="edit"),
    path("groups/<slug:slug>/members/", manage.members, name="members"),
]
