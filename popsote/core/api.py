"""API conventions shared by every app: errors a person can read, pages numbered from 1."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from popsote.core import ratelimit
from popsote.core.client import client_address
from popsote.core.lifecycle import IllegalTransition


def exception_handler(exc, context):
    """Every error is ``{"detail": "...", "code": "...", "fields": {...}}``.

    ``detail`` is one sentence for a person; ``fields`` names each invalid field with its
    messages, a field inside a list or an object by its path (``theme.0``), so that every
    value is a list of strings. An illegal state move is a 409 that says why.
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
        response.data = {
            "detail": _("Some fields need attention."),
            "code": "invalid",
            "fields": flat_errors(exc.detail),
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {
            "detail": str(detail),
            "code": getattr(detail, "code", None) or exc.default_code,
        }
    return response


def flat_errors(detail, path: str = "") -> dict[str, list[str]]:
    """DRF's nested validation errors as ``{path: [message, ...]}``.

    A nested serializer's errors are an object, a list field's are keyed by index, and a
    ``many=True`` serializer's are a list with one object per item (empty for a valid one);
    each message lands under the path of its field, like ``items.0.title``.
    """

    def joined(key) -> str:
        return f"{path}.{key}" if path else str(key)

    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        items = enumerate(detail)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {path or api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in messages]}
    errors: dict[str, list[str]] = {}
    for key, value in items:
        if value:
            errors.update(flat_errors(value, joined(key)))
    return errors


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages numbered from 1. A ``page`` that is not a whole number from 1 up is refused as
    invalid input (400, naming ``page``); a page past the last is DRF's 404."""

    last_page_strings = ()
    invalid_page_number = gettext_lazy("Give a page number: a whole number from 1 up.")

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise exceptions.ValidationError({self.page_query_param: [self.invalid_page_number]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


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


class TimelineEventSerializer(serializers.Serializer):
    """A row of an entity's timeline (a ``popsote.core.models.Event``). ``note`` and ``public``
    appear only when the context says ``internal``. A subclass names its entity's ``actions``
    (the ``TextChoices`` of its lifecycle) for ``action_label``."""

    actions: type = None

    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    message = serializers.CharField(source="public_message")
    created = serializers.DateTimeField(source="created_at")
    note = serializers.CharField(source="internal_note", required=False)
    public = serializers.BooleanField(source="is_public", required=False)

    def get_action_label(self, event) -> str:
        try:
            return str(self.actions(event.action).label)
        except ValueError:
            return event.action

    def to_representation(self, event):
        data = super().to_representation(event)
        if not self.context.get("internal"):
            data.pop("note")
            data.pop("public")
        return data
