from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from popsote.accounts.mfa import PUBLIC_URL_NAMES, needs_mfa_setup, open_during_setup

API_PREFIX = "/api/"


class StaffMFAMiddleware:
    """Staff without a second factor set it up before they do anything as staff.

    An API call with the session's sign-in is refused with a 403 that says what to do (a token
    is checked by the API's own authentication, after this); a page is redirected to the
    two-step verification page, except the pages of setting it up and signing out. The public
    pages stay open, as a signed-out visitor sees them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not needs_mfa_setup(request.user):
            return None
        setup_url = reverse("mfa_index")
        if request.path_info.startswith(API_PREFIX):
            detail = _(
                "Your role requires two-step verification. Set it up at %(url)s, then try again."
            ) % {"url": request.build_absolute_uri(setup_url)}
            return JsonResponse({"detail": detail, "code": "mfa_required"}, status=403)
        url_name = request.resolver_match.view_name if request.resolver_match else None
        if open_during_setup(url_name):
            return None
        if url_name in PUBLIC_URL_NAMES and request.method in {"GET", "HEAD"}:
            if PUBLIC_URL_NAMES[url_name]:
                messages.info(request, _setup_message())
            request.user = AnonymousUser()
            return None
        messages.warning(request, _setup_message())
        return redirect(setup_url)


def _setup_message() -> str:
    return _(
        "Your role requires two-step verification. Set up an authenticator app or a passkey "
        "to use the site as staff; until then you see the public pages as everybody does."
    )
