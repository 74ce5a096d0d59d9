"""Placeholder until this part of the suggestions issue lands."""

from django.http import HttpResponse


def detail(request, **kwargs):
    return HttpResponse(status=501)
