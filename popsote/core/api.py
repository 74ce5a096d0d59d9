"""API conventions shared by every app: errors a person can read."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from popsote.core.lifecycle import IllegalTransition


def exception_handler(exc, context):
    """Every error is ``{"detail": "...", "code": "...", "fields": {...}}``.

    ``detail`` is one sentence for a person; ``fields`` names each invalid field with its
    messages. An illegal state move is a 409 that says why.
    """
    if isinstance(exc, IllegalTransition):
        return Response(
            {"detail": str(exc), "code": "illegal_transition"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "detail": _("Some fields need attention."),
            "code": "invalid",
            "fields": fields,
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {
            "detail": str(detail),
            "code": getattr(detail, "code", None) or exc.default_code,
        }
    return response
