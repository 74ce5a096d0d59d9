from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

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

    The API has no prefix and answers in the language of ``Accept-Language``, as API.md
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
