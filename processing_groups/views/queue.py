"""A group's work queue and the coordinators' triage queue."""

from django.http import Http404


def group_queue(request, slug):
    raise Http404


def triage(request):
    raise Http404
