"""Placeholder until this part of the suggestions issue lands."""

from django.http import HttpResponse


def new(request, **kwargs):
    return HttpResponse(status=501)


def mine(request, **kwargs):
    return HttpResponse(status=501)


def withdraw(request, **kwargs):
    return HttpResponse(status=501)


def attachment(request, **kwargs):
    return HttpResponse(status=501)


def track(request, **kwargs):
    return HttpResponse(status=501)
