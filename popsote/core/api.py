"""API conventions shared by every app: errors a person can read."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from popsote.core import ratelimit
from popsote.core.client import client_address
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

    if isinstance(exc, exceptions.Throttled):
        # DRF's own message adds an untranslated "Expected available in …" to a translated one.
        response.data = {"detail": throttled_message(exc.wait), "code": "throttled"}
    elif isinstance(exc, exceptions.ValidationError):
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


def throttled_message(wait: int | None) -> str:
    """A 429's sentence, wholly in the request's language; the Retry-After header has the
    exact number of seconds."""
    if not wait:
        return _("Too many requests. Please wait a while and try again.")
    if wait < 120:
        return ngettext(
            "Too many requests. Please try again in %(count)d second.",
            "Too many requests. Please try again in %(count)d seconds.",
            wait,
        ) % {"count": wait}
    minutes = -(-wait // 60)
    return ngettext(
        "Too many requests. Please try again in %(count)d minute.",
        "Too many requests. Please try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


class RateThrottle(BaseThrottle):
    """A throttle on the site's own rate limits (``popsote.core.ratelimit``): counted in the
    database for every process, per person, or per client address when signed out. A subclass
    names its ``scope`` (part of the counter's key) and its ``rate``."""

    scope: str
    rate: ratelimit.Rate

    def allow_request(self, request, view) -> bool:
        if request.user.is_authenticated:
            who = f"person:{request.user.pk}"
        else:
            who = f"address:{client_address(request)}"
        self.hit = ratelimit.hit(f"api:{self.scope}:{who}", self.rate)
        return self.hit.allowed

    def wait(self) -> int:
        return self.hit.retry_after
