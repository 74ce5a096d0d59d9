from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework import exceptions
from rest_framework.response import Response

API_PREFIX = "/api/"

# Everything is served from our own origin: htmx and our CSS are local files, and no page needs
# inline script or style. The API docs use drf-spectacular's split view for the same reason.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Pages take their language from the path (``/sv/…``, ``/en/…``, Finnish unprefixed).

    The API has no prefix and answers in the language of ``Accept-Language``, as the API
    promises; Django's own middleware would pin every unprefixed path to Finnish.
    """

    def process_request(self, request):
        if request.path_info.startswith(API_PREFIX):
            # The language cookie (a person's explicit choice) first, then Accept-Language,
            # then Finnish.
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        if request.path_info.startswith(API_PREFIX):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


# Django's own error pages for statuses that reach /api/ before (or without) a DRF view.
API_ERRORS = {
    400: exceptions.ParseError,
    403: exceptions.PermissionDenied,
    404: exceptions.NotFound,
    405: exceptions.MethodNotAllowed,
}


class ApiErrorMiddleware:
    """Errors under ``/api/`` are JSON even when no API view answered.

    DRF views answer through ``popsote.core.api.exception_handler``; an unknown API path, a
    plain Django view or a server error would otherwise get Django's HTML page, and the API
    promises JSON errors with a ``detail`` a person can read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path_info.startswith(API_PREFIX)
            or response.status_code < 400
            or isinstance(response, Response | JsonResponse)
            # Keep Django's technical 500 page for the developer.
            or (settings.DEBUG and response.status_code >= 500)
        ):
            return response
        error = API_ERRORS.get(response.status_code, exceptions.APIException)
        detail = str(error.default_detail).format(method=request.method)
        code = error.default_code if error is not exceptions.APIException else "error"
        json_response = JsonResponse({"detail": detail, "code": code}, status=response.status_code)
        for header, value in response.headers.items():
            if header.lower() not in {"content-type", "content-length"}:
                json_response.headers[header] = value
        json_response.cookies = response.cookies
        return json_response


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response
