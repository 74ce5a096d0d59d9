"""The person's own data (download, deletion) and the privacy and accessibility pages."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from labs.models import Representative
from popsote.core import ratelimit
from popsote.privacy.forms import DeleteAccountForm
from popsote.privacy.selectors import export_chunks
from popsote.privacy.services import AccountNotDeletable, account_delete, deletion_blockers

# Wrong passwords on the deletion page, per person: as for sign-in, a few then a pause.
PASSWORD_RATE = ratelimit.Rate(limit=5, period=300)


@require_GET
@never_cache
@login_required
def download(request):
    """The signed-in person's own data as one JSON file; there is no way to ask for anyone
    else's (the person is the request's)."""
    user = request.user
    name = f"popsote-data-{timezone.localdate():%Y-%m-%d}.json"
    response = StreamingHttpResponse(export_chunks(user), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _has_no_password(request) -> bool:
    return request.user.is_authenticated and not request.user.has_usable_password()


@never_cache
@login_required
@reauthentication_required(enabled=_has_no_password)
def delete(request):
    """What deletion removes and keeps, then the password and the button: the page itself
    is the question asked before the step that cannot be undone."""
    user = request.user
    blockers = deletion_blockers(user)
    needs_password = user.has_usable_password()
    form = DeleteAccountForm(request.POST or None, user=user) if needs_password else None
    if request.method == "POST" and not blockers:
        limited = not ratelimit.allow(f"privacy-delete:{user.pk}", PASSWORD_RATE)
        if limited:
            messages.error(request, _("Too many attempts. Try again in a few minutes."))
        elif form is None or form.is_valid():
            try:
                account_delete(actor=user, user=user)
            except AccountNotDeletable as refusal:
                blockers = refusal.reasons
            else:
                logout(request)
                messages.success(request, _("Your account was deleted."))
                return redirect("home")
    context = {
        "form": form,
        "blockers": blockers,
        "sole_representative": _sole_representative(user),
    }
    return render(request, "privacy/delete.html", context, status=409 if blockers else 200)


def _sole_representative(user) -> str:
    """The company's name when the person is the only one who acts for it."""
    seat = Representative.objects.filter(user=user).select_related("company").first()
    if seat and not Representative.objects.filter(company=seat.company).exclude(user=user).exists():
        return seat.company.name
    return ""


def _page(request, name: str, context: dict | None = None):
    """A page of legal prose: one template per language (see the README's "Privacy")."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return render(request, [f"pages/{name}_{language}.html", f"pages/{name}_fi.html"], context)


@require_GET
def privacy_notice(request):
    return _page(
        request,
        "privacy",
        {
            "controller": settings.PRIVACY_CONTROLLER_NAME,
            "controller_contact": settings.PRIVACY_CONTROLLER_CONTACT,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "submitter_email_days": settings.PRIVACY_SUBMITTER_EMAIL_DAYS,
            "inactive_days": settings.PRIVACY_INACTIVE_DAYS,
            "inactive_years": round(settings.PRIVACY_INACTIVE_DAYS / 365, 1),
            "grace_days": settings.PRIVACY_INACTIVE_GRACE_DAYS,
        },
    )


@require_GET
def accessibility_statement(request):
    return _page(
        request,
        "accessibility",
        {
            "controller": settings.PRIVACY_CONTROLLER_NAME,
            "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
            "assessed_on": settings.ACCESSIBILITY_ASSESSED_ON,
        },
    )
