"""Coordinators create and edit groups and their members in the site."""

from django.http import Http404


def group_create(request):
    raise Http404


def group_edit(request, slug):
    raise Http404


def members(request, slug):
    raise Http404
