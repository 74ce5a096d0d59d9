"""Pages: the notification list, marking read, preferences and one-click unsubscribing.

Every page works without JavaScript: plain links and POST forms that redirect back.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from popsote.core.redirects import local_url
from popsote.notifications import selectors, services, tokens
from popsote.notifications.forms import PreferencesForm
from popsote.notifications.models import Category, Notification, categories_for

PAGE_SIZE = 20


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def _back(request):
    target = local_url(request, request.POST.get("next"))
    return HttpResponseRedirect(target) if target else redirect("notifications:list")


def _own(request, notification_id: int) -> Notification:
    try:
        return services.notification_mark_read(user=request.user, notification_id=notification_id)
    except Notification.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_POST
def read(request, notification_id: int):
    _own(request, notification_id)
    messages.success(request, _("The notification was marked as read."))
    return _back(request)


@login_required
def open_notification(request, notification_id: int):
    """Follow a notification's link; opening it is reading it."""
    notification = _own(request, notification_id)
    return redirect(notification.url or "notifications:list")


@login_required
@require_POST
def read_all(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications were marked as read."))
    return _back(request)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    # Only what can reach the person: a category posted beyond these is not a field, so it is
    # ignored.
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        categories=categories_for(request.user),
        initial=services.preferences_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail programs unsubscribe with a POST of their own (RFC 8058), without a CSRF token; the
# signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    payload = tokens.read(token)
    if payload is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {
        "token": token,
        "categories": [Category(c).label for c in payload.get("c", []) if c in Category.values],
        "address": "t" in payload,
    }
    if request.method == "POST":
        services.unsubscribe(token=token)
        response = render(request, "notifications/unsubscribe_done.html", context)
    else:
        response = render(request, "notifications/unsubscribe.html", context)
    # The token is a credential: keep it out of other sites' logs.
    response.headers["Referrer-Policy"] = "strict-origin"
    return response
