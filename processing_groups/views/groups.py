"""/groups/: the groups a person works in (coordinators: every group's load) and one group."""

from django.http import Http404


def group_list(request):
    raise Http404


def group_detail(request, slug):
    raise Http404
