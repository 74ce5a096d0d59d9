"""Placeholder until this part of the suggestions issue lands."""

from django.http import HttpResponse


def support(request, **kwargs):
    return HttpResponse(status=501)


def follow(request, **kwargs):
    return HttpResponse(status=501)


def comment(request, **kwargs):
    return HttpResponse(status=501)


def comment_edit(request, **kwargs):
    return HttpResponse(status=501)


def report(request, **kwargs):
    return HttpResponse(status=501)
