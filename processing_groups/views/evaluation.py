"""A member scores a suggestion on the evaluation criteria."""

from django.http import Http404


def evaluate(request, reference):
    raise Http404
