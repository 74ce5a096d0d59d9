"""Placeholder until this part of the suggestions issue lands."""

from django.http import HttpResponse


def challenge_list(request, **kwargs):
    return HttpResponse(status=501)


def challenge_new(request, **kwargs):
    return HttpResponse(status=501)


def challenge_detail(request, **kwargs):
    return HttpResponse(status=501)
