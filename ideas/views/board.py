"""Placeholder until this part of the suggestions issue lands."""

from django.http import HttpResponse


def board(request, **kwargs):
    return HttpResponse(status=501)


def similar(request, **kwargs):
    return HttpResponse(status=501)
