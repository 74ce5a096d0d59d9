"""What people do on a solution's page: say they are interested, recommend it as a
professional, tell of their experience, report an experience; and the moderators' hiding and
restoring of one.

Each view: the listing as the person may see it (404 otherwise) → the form → the service → back
to the page with a message. The services check who may and count the rate limits, so the API
answers the same. A signed-out browser's interest is counted once through a signed cookie.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from popsote.core.client import client_address
from popsote.core.forms import add_service_errors
from popsote.core.refused import Back, refused
from showroom import permissions
from showroom.forms.responses import FeedbackForm, FeedbackModerationForm, ReportForm
from showroom.models import Feedback
from showroom.selectors.listing import listing_for_slug
from showroom.selectors.responses import reports_of
from showroom.services import responses as services
from showroom.views.access import listing_page
from showroom.views.detail import detail_with_errors


def _back(listing, anchor: str = "responses"):
    return redirect(f"{listing.get_absolute_url()}#{anchor}")


def _refused(request, listing, error: Exception, *, status: int = 409):
    message = str(error) or _("This is not possible now.")
    return refused(request, message, back=listing_page(request, listing.slug), status=status)


@require_POST
def interest(request, slug: str):
    listing = listing_for_slug(request.user, slug)
    token = "" if request.user.is_authenticated else services.browser_token(request)
    new_token = not request.user.is_authenticated and not token
    if new_token:
        token = services.new_browser_token()
    try:
        created = services.interest_register(
            actor=request.user, listing=listing, browser=token, address=client_address(request)
        )
    except PermissionDenied as error:
        refusal = permissions.interest_refusal(request.user, listing)
        status = 409 if refusal is not None and refusal.by_state else 403
        return _refused(request, listing, error, status=status)
    except services.RateLimited as error:
        return _refused(request, listing, error, status=429)
    if created:
        messages.success(request, _("Thank you: your interest was counted."))
    else:
        messages.info(request, _("Your interest was counted already."))
    response = _back(listing)
    if new_token:
        response.set_signed_cookie(
            services.BROWSER_COOKIE,
            token,
            salt=services.BROWSER_SALT,
            max_age=services.BROWSER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@require_POST
def recommend(request, slug: str):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("showroom:detail", kwargs={"slug": slug}))
    listing = listing_for_slug(request.user, slug)
    try:
        created = services.recommendation_add(actor=request.user, listing=listing)
    except PermissionDenied as error:
        refusal = permissions.recommend_refusal(request.user, listing)
        status = 409 if refusal is not None and refusal.by_state else 403
        return _refused(request, listing, error, status=status)
    except services.RateLimited as error:
        return _refused(request, listing, error, status=429)
    if created:
        messages.success(request, _("Thank you: your recommendation was counted."))
    else:
        messages.info(request, _("You recommend this already."))
    return _back(listing)


@require_POST
def feedback(request, slug: str):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("showroom:detail", kwargs={"slug": slug}))
    listing = listing_for_slug(request.user, slug)
    if refusal := permissions.feedback_refusal(request.user, listing):
        status = 409 if refusal.by_state else 403
        return refused(request, refusal.message, back=listing_page(request, slug), status=status)
    form = FeedbackForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            created = services.feedback_create(
                actor=request.user,
                listing=listing,
                text=form.cleaned_data["text"],
                used_as=form.cleaned_data["used_as"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except services.RateLimited as error:
            form.add_error(None, error.message)
            status = 429
        else:
            messages.success(request, _("Thank you for telling of your experience."))
            return _back(listing, f"feedback-{created.pk}")
    response = detail_with_errors(request, slug, feedback_form=form)
    response.status_code = status
    return response


def _feedback(user, pk: int) -> Feedback:
    """A feedback of a listing the person may open; 404 otherwise (a hidden one for anyone
    but its moderators too)."""
    queryset = Feedback.objects.select_related("listing__published", "listing__pending").filter(
        listing__in=permissions.listings_visible_to(user).values("pk")
    )
    if not permissions.can_moderate_feedback(user):
        queryset = queryset.visible()
    return get_object_or_404(queryset, pk=pk)


@require_http_methods(["GET", "POST"])
def feedback_report(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    item = _feedback(request.user, pk)
    listing = item.listing
    back = Back(f"{listing.get_absolute_url()}#feedback-{item.pk}", _("Back to the listing"))
    if refusal := permissions.report_feedback_refusal(request.user, item):
        status = 409 if refusal.by_state else 403
        return refused(request, refusal.message, back=back, status=status)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_report(
                actor=request.user, feedback=item, reason=form.cleaned_data["reason"]
            )
        except services.AlreadyReported as already:
            messages.info(request, str(already))
            return redirect(back.url)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        except services.RateLimited as error:
            form.add_error(None, error.message)
            status = 429
        else:
            messages.success(request, _("Thank you. The moderators will look at your report."))
            return redirect(back.url)
    elif request.method == "POST":
        status = 400
    context = {"feedback": item, "listing": listing, "form": form}
    return render(request, "showroom/feedback_report.html", context, status=status)


@require_http_methods(["GET", "POST"])
def feedback_moderate(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_moderate_feedback(request.user):
        raise PermissionDenied
    item = _feedback(request.user, pk)
    listing = item.listing
    reports = reports_of(item)
    form = FeedbackModerationForm(
        request.POST or None, is_hidden=item.is_hidden, has_reports=bool(reports)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == FeedbackModerationForm.HIDE:
                services.feedback_hide(actor=request.user, feedback=item, reason=reason)
            elif action == FeedbackModerationForm.RESTORE:
                services.feedback_restore(actor=request.user, feedback=item, reason=reason)
            else:
                for report in reports:
                    services.report_dismiss(actor=request.user, report=report)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{listing.get_absolute_url()}#feedback-{item.pk}")
    elif request.method == "POST":
        status = 400
    context = {"feedback": item, "listing": listing, "form": form, "reports": reports}
    return render(request, "showroom/feedback_moderate.html", context, status=status)
