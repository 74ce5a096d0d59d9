from urllib.parse import urlsplit

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from popsote.accounts.forms import ProfileForm
from popsote.accounts.services import profile_update
from popsote.core.redirects import local_url
from popsote.taxonomy.models import StakeholderGroup


def home(request):
    """The front page.

    Domain apps add their blocks (``latest_suggestions``, ``showroom_highlights``) through a
    ``front_page_context(request)`` method on their AppConfig that returns a dict, so this
    foundation imports none of them. A block shows only when it has something in it.
    """
    context = {"stakeholder_groups": StakeholderGroup.objects.active()}
    for config in django_apps.get_app_configs():
        provider = getattr(config, "front_page_context", None)
        if provider is not None:
            context.update(provider(request))
    return render(request, "home.html", context)


@require_GET
@never_cache
def healthz(request):
    """200 when the database (and Redis, where configured) answer; 503 otherwise."""
    checks = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        import redis

        try:
            # A Redis that accepts but does not answer must not outlast the probe's timeout.
            with redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
            ) as client:
                client.ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


@require_POST
def set_language(request):
    """Switch to the chosen language on the same page, and remember it.

    The prefix of the path carries the language (``/sv/...``); the cookie and, for a signed-in
    person, the profile remember the choice for the API and for e-mails.
    """
    language = request.POST.get("language", "")
    next_url = local_url(request, request.POST.get("next")) or "/"
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    # translate_url resolves the path in the active language, so resolve it in the language
    # of the page the person came from.
    from_language = translation.get_language_from_path(urlsplit(next_url).path)
    with translation.override(from_language or settings.LANGUAGE_CODE):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=True,
    )
    if request.user.is_authenticated and request.user.preferred_language != language:
        profile_update(user=request.user, preferred_language=language)
    return response


# Never offered back: the token that failed, and secrets, which a page should not echo.
NOT_RESENT = {"csrfmiddlewaretoken"}
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def csrf_failure(request, reason: str = ""):
    """A form that came back without a valid token: usually one left open until its token
    expired, or sent after signing in elsewhere.

    What was typed is offered back in a form with a fresh token, to the same address; sending
    it is an ordinary POST that passes the check like any other. The values are offered only
    when the browser says the form came from this site, so that another site cannot put a
    filled-in form of its own making in front of a person here. Passwords and files are not
    kept.
    """
    fields, dropped_secrets = [], False
    if (
        request.method == "POST"
        and request.content_type in FORM_CONTENT_TYPES
        and _from_this_site(request)
    ):
        for name, values in request.POST.lists():
            if name in NOT_RESENT:
                continue
            if "password" in name.lower():
                dropped_secrets = True
                continue
            fields.extend((name, value) for value in values)
    context = {
        "fields": fields,
        "shown": [(name, value) for name, value in fields if value.strip()],
        "action": request.get_full_path(),
        "dropped_secrets": dropped_secrets,
        "dropped_files": bool(fields) and bool(request.FILES),
    }
    return render(request, "csrf_failure.html", context, status=403)


def _from_this_site(request) -> bool:
    """Whether the browser's ``Origin`` (or, without one, its ``Referer``) is this site."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


@login_required
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if form.is_valid():
        profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details were saved."))
        return redirect("profile")
    return render(request, "account/profile.html", {"form": form})
