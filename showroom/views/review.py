"""The editors' pages: the review queue, one listing's review (the version against the
published one, field by field) and the moves: publish, return with a message, archive with a
reason, restore. Every move is the one service call ``listing_transition``; a move the state
does not allow is the refusal page (409)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from popsote.core.forms import add_service_errors
from popsote.core.refused import refuses_illegal_transitions
from showroom import permissions
from showroom.forms.review import ArchiveForm, ReturnForm
from showroom.lifecycle import EDITOR_ACTIONS, Action
from showroom.models import Listing
from showroom.selectors.listing import listing_timeline
from showroom.selectors.responses import open_feedback_reports
from showroom.selectors.review import review_queue, version_diff
from showroom.services.transitions import listing_transition
from showroom.views import display
from showroom.views.access import review_page, reviewed_listing, sign_in_first

PAGE_SIZE = 25
RETURNS = {Action.RETURN, Action.RETURN_CHANGE}
SUCCESS = {
    Action.PUBLISH: gettext_lazy("The listing is published."),
    Action.PUBLISH_CHANGE: gettext_lazy("The change is published."),
    Action.RETURN: gettext_lazy("The listing was returned to the company with your message."),
    Action.RETURN_CHANGE: gettext_lazy("The change was returned to the company with your message."),
    Action.ARCHIVE: gettext_lazy("The listing is archived."),
    Action.RESTORE: gettext_lazy("The listing is a draft of the company again."),
}


def _editors_only(request) -> None:
    if not permissions.can_review(request.user):
        raise PermissionDenied


@require_GET
def queue(request):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    _editors_only(request)
    page = Paginator(review_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = display.with_label_status(page.object_list)
    context = {"page": page, "reports": open_feedback_reports()}
    return render(request, "showroom/review_queue.html", context)


def review_context(request, listing: Listing, *, return_form=None, archive_form=None) -> dict:
    pending, published = listing.pending, listing.published
    in_review = listing.state != "archived" and bool(
        pending and pending.submitted_at and not pending.reviewed_at
    )
    listing.label.status = listing.label.status_on()
    return {
        "listing": listing,
        "name": (pending or published).name,
        "pending": pending,
        "published": published,
        "in_review": in_review,
        "changes": display.change_rows(version_diff(listing)) if in_review else [],
        "pending_images": list(pending.images.order_by("position", "id")) if in_review else [],
        "actions": permissions.allowed_actions(request.user, listing),
        "return_form": return_form or ReturnForm(),
        "archive_form": archive_form or ArchiveForm(),
        "events": listing_timeline(request.user, listing),
        "sees_internal": True,
    }


@require_GET
def review(request, slug: str):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    listing = reviewed_listing(request.user, slug)
    return render(request, "showroom/review.html", review_context(request, listing))


@require_POST
@refuses_illegal_transitions(back=review_page)
def transition(request, slug: str):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    listing = reviewed_listing(request.user, slug)
    action = request.POST.get("action", "")
    if action not in EDITOR_ACTIONS:
        return HttpResponseBadRequest(_("Unknown action."), content_type="text/plain")
    forms = {}
    message = ""
    if action in RETURNS:
        form = forms["return_form"] = ReturnForm(request.POST)
        message = form.cleaned_data["message"] if form.is_valid() else ""
    elif action == Action.ARCHIVE:
        form = forms["archive_form"] = ArchiveForm(request.POST)
        message = form.cleaned_data["reason"] if form.is_valid() else ""
    else:
        form = None
    if form is None or form.is_valid():
        try:
            listing_transition(actor=request.user, listing=listing, action=action, message=message)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("showroom:review", slug=slug)
            # The service names the message "message"; the archive form calls it a reason.
            if action == Action.ARCHIVE and hasattr(error, "error_dict"):
                error = ValidationError(
                    {("reason" if k == "message" else k): v for k, v in error.error_dict.items()}
                )
            add_service_errors(form, error)
        else:
            messages.success(request, str(SUCCESS[action]))
            if action in RETURNS:
                return redirect("showroom:review_queue")
            return redirect(listing)
    listing = reviewed_listing(request.user, slug)
    context = review_context(request, listing, **forms)
    return render(request, "showroom/review.html", context, status=400)
