"""Handler actions on the suggestion page: moves, assignment, internal notes, and the
submitter's answer to an information request."""

from django.http import Http404


def transition(request, reference):
    raise Http404


def assign(request, reference):
    raise Http404


def note(request, reference):
    raise Http404


def answer(request, reference):
    raise Http404


def track_answer(request, token):
    raise Http404
