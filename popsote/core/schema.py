"""The OpenAPI schema's common ground: the error body, and the error answers of every operation.

Which errors an operation can answer follows from how its view is built, so they are declared
here once rather than by hand on each view: a view that reads input can refuse it (400), one
that authenticates can refuse a wrong token (401), and so on. A view declares only the errors
of its own domain, like the 409 of a move the lifecycle does not allow.
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.settings import api_settings

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (``popsote.core.api.exception_handler``)."""

    detail = serializers.CharField(help_text="A sentence for a person.")
    code = serializers.CharField(
        help_text="For programs: `invalid`, `not_authenticated`, `authentication_failed`, "
        "`permission_denied`, `not_found`, `illegal_transition`, `throttled`, `error`, …"
    )
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=(
            "Only with `invalid` (400): each invalid field with its messages. A field inside "
            "a list or an object is named by its path, like `theme.0`; "
            f"`{api_settings.NON_FIELD_ERRORS_KEY}` holds what concerns no single field."
        ),
    )


ERRORS = {
    400: "Invalid input: `fields` names each invalid field.",
    401: "Not signed in, or the token is not valid (with `WWW-Authenticate`).",
    403: "Not allowed; for a browser's session, also a failed CSRF check.",
    404: "Nothing here, or nothing you may see; also a page past the last.",
    415: "The body is not of a content type this operation reads.",
    429: "Too many requests: try again after the `Retry-After` seconds.",
}
# The web server in front of the application refuses an address longer than it reads (about
# 4 kB), before the application and without the JSON error body.
URI_TOO_LONG = {"description": "The address is too long; refused by the web server."}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error answers each operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(
                str(code),
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERRORS[code]), str(code)
                ),
            )
        responses.setdefault("414", URI_TOO_LONG)
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # DRF reads an empty code as null: where a code may be null, it may be empty too.
        if (
            direction == "request"
            and isinstance(field, serializers.RelatedField)
            and field.allow_null
        ):
            schema.pop("minLength", None)
        return schema

    def _error_codes(self) -> list[int]:
        view, method = self.view, self.method
        reads_body = method not in SAFE_METHODS and self.get_request_serializer() is not None
        parameters = self._get_parameters()
        query = {p["name"] for p in parameters if p["in"] == "query"}
        in_path = any(p["in"] == "path" for p in parameters)
        authenticators = view.get_authenticators()

        codes = []
        if reads_body or query:
            codes.append(400)
        # A missing or wrong credential is 401 when the first authenticator names a scheme to
        # answer with (``WWW-Authenticate``), and 403 when it does not.
        challenge = bool(authenticators) and bool(
            authenticators[0].authenticate_header(view.request)
        )
        csrf = method not in SAFE_METHODS and any(
            isinstance(authenticator, SessionAuthentication) for authenticator in authenticators
        )
        if challenge:
            codes.append(401)
        if csrf or (authenticators and not challenge) or self._refuses_by_permission():
            codes.append(403)
        if in_path or "page" in query:
            codes.append(404)
        if reads_body:
            codes.append(415)
        if view.get_throttles():
            codes.append(429)
        return codes

    def _refuses_by_permission(self) -> bool:
        """Whether the view's permissions can refuse someone they know, beyond asking them to
        sign in: anything but ``AllowAny`` and the sign-in checks."""
        signing_in = (AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly)
        return any(type(permission) not in signing_in for permission in self.view.get_permissions())
