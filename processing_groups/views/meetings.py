"""Group meetings: agenda, minutes whose decisions apply the transitions, printable minutes."""

from django.http import Http404


def meeting_list(request, slug):
    raise Http404


def meeting_create(request, slug):
    raise Http404


def meeting_detail(request, slug, pk):
    raise Http404


def minutes(request, slug, pk):
    raise Http404


def minutes_print(request, slug, pk):
    raise Http404
