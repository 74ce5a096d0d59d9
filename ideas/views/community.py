"""What people do on a suggestion's page: support, follow, comment, edit a comment, report.

Each view: the suggestion as the person may see it (404 otherwise) → the form → the service →
a redirect back to the page, or for htmx the partial that changed. Signed-out people are sent
to sign in and brought back to the suggestion.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ideas import permissions, ratelimits
from ideas.forms.community import CommentForm, ReportForm
from ideas.models import ContentReport
from ideas.services import community
from ideas.services.community import (
    AlreadyReported,
    comment_create,
    content_report,
    suggestion_follow,
    suggestion_support,
    suggestion_unfollow,
    suggestion_unsupport,
)
from ideas.views.detail import comments_context, detail_context, refuse, suggestion_for


def _sign_in_first(request, next_url: str):
    login = redirect_to_login(next_url)
    if request.htmx:
        return HttpResponseClientRedirect(login.url)
    return login


def _back(suggestion, anchor: str):
    return redirect(f"{suggestion.get_absolute_url()}#{anchor}")


@require_POST
def support(request, reference: str):
    if not request.user.is_authenticated:
        return _sign_in_first(request, reverse_detail(reference))
    suggestion = suggestion_for(request.user, reference)
    if request.POST.get("action") == "remove":
        suggestion_unsupport(actor=request.user, suggestion=suggestion)
        message = _("Your support was withdrawn.")
    else:
        if refusal := permissions.support_refusal(request.user, suggestion):
            return refuse(request, suggestion, refusal)
        suggestion_support(actor=request.user, suggestion=suggestion)
        message = _("Thank you: your support was counted.")
    if request.htmx:
        # The fresh count and button, with the message for the partial's live region.
        suggestion = suggestion_for(request.user, reference)
        context = {
            "suggestion": suggestion,
            "support_refusal": permissions.support_refusal(request.user, suggestion),
            "status_message": message,
        }
        return render(request, "ideas/_support.html", context)
    messages.success(request, message)
    return _back(suggestion, "support")


@require_POST
def follow(request, reference: str):
    if not request.user.is_authenticated:
        return _sign_in_first(request, reverse_detail(reference))
    suggestion = suggestion_for(request.user, reference)
    if request.POST.get("action") == "unfollow":
        suggestion_unfollow(actor=request.user, suggestion=suggestion)
        message = _("You no longer follow this suggestion.")
    else:
        suggestion_follow(actor=request.user, suggestion=suggestion)
        message = _("You follow this suggestion: you will be told when it moves on.")
    if request.htmx:
        suggestion = suggestion_for(request.user, reference)
        context = {"suggestion": suggestion, "can_follow": True, "status_message": message}
        return render(request, "ideas/_follow.html", context)
    messages.success(request, message)
    return _back(suggestion, "follow")


@require_POST
def comment(request, reference: str):
    if not request.user.is_authenticated:
        return _sign_in_first(request, reverse_detail(reference))
    suggestion = suggestion_for(request.user, reference)
    if refusal := permissions.comment_refusal(request.user, suggestion):
        return refuse(request, suggestion, refusal)
    form = CommentForm(request.POST)
    created, status = _publish(request, suggestion, form) if form.is_valid() else (None, 200)
    if created is not None:
        return _comment_published(request, suggestion, created)
    if request.htmx:
        # htmx swaps only successful responses; the form with its errors must be swapped in.
        context = comments_context(request, suggestion, form=form)
        return render(request, "ideas/_comments.html", context)
    context = detail_context(request, suggestion, comment_form=form)
    return render(request, "ideas/detail.html", context, status=status)


def _publish(request, suggestion, form) -> tuple[object | None, int]:
    """The new comment and 200, or None with the form carrying the errors and their status."""
    if not ratelimits.comment(request.user).allowed:
        message = _("You have written many comments in a short time. Try again in an hour.")
        form.add_error(None, message)
        return None, 429
    try:
        body = form.cleaned_data["body"]
        return comment_create(actor=request.user, suggestion=suggestion, body=body), 200
    except ValidationError as error:
        form.add_error(None, error)
        return None, 200


def _comment_published(request, suggestion, created):
    if request.htmx:
        context = comments_context(request, suggestion)
        context["status_message"] = _("Your comment was published.")
        return render(request, "ideas/_comments.html", context)
    messages.success(request, _("Your comment was published."))
    return _back(suggestion, f"comment-{created.pk}")


@require_http_methods(["GET", "POST"])
def comment_edit(request, reference: str, comment_id: int):
    if not request.user.is_authenticated:
        return _sign_in_first(request, request.get_full_path())
    suggestion = suggestion_for(request.user, reference)
    comment = get_object_or_404(suggestion.comments.select_related("author"), pk=comment_id)
    if refusal := permissions.comment_edit_refusal(request.user, comment):
        return refuse(request, suggestion, refusal)
    # Prefixed: the edit form can open in place on the page that has the new-comment form.
    form = CommentForm(request.POST or None, initial={"body": comment.body}, prefix="edit")
    # The form has one purpose: start typing at once (htmx honours autofocus after a swap).
    form.fields["body"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        try:
            community.comment_edit(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _comment_saved(request, suggestion, comment)
            messages.success(request, _("Your comment was saved."))
            return _back(suggestion, f"comment-{comment.pk}")
    context = {"suggestion": suggestion, "comment": comment, "form": form}
    if request.htmx:
        return render(request, "ideas/_comment_edit.html", context)
    return render(request, "ideas/detail_comment_edit.html", context)


def _comment_saved(request, suggestion, comment):
    comment.editable = comment.is_editable_by(request.user)
    comment.reportable = permissions.can_report(request.user, suggestion, comment=comment)
    context = {
        "suggestion": suggestion,
        "comment": comment,
        "can_moderate": permissions.can_moderate(request.user),
        "comment_status": _("Your comment was saved."),
    }
    return render(request, "ideas/_comment.html", context)


@require_http_methods(["GET", "POST"])
def report(request, reference: str):
    if not request.user.is_authenticated:
        return _sign_in_first(request, request.get_full_path())
    suggestion = suggestion_for(request.user, reference)
    comment = _reported_comment(request, suggestion)
    if refusal := permissions.report_refusal(request.user, suggestion, comment):
        return refuse(request, suggestion, refusal)
    back = f"comment-{comment.pk}" if comment else "report"
    if request.method == "GET" and _already_reported(request.user, suggestion, comment):
        # Said before the person writes a reason, not after.
        messages.info(request, AlreadyReported.message)
        return _back(suggestion, back)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = _send_report(request, form, suggestion, comment)
        except AlreadyReported as already:
            messages.info(request, str(already))
            sent = True
        else:
            if sent:
                messages.success(request, _("Thank you. The moderators will look at your report."))
        if sent:
            return _back(suggestion, back)
    context = {"suggestion": suggestion, "comment": comment, "form": form}
    return render(request, "ideas/report.html", context)


def _already_reported(user, suggestion, comment) -> bool:
    target = {"comment": comment} if comment else {"suggestion": suggestion}
    return ContentReport.objects.open_by(user, **target).exists()


def _send_report(request, form, suggestion, comment) -> bool:
    """Whether the report went in; ``AlreadyReported`` passes through."""
    if not ratelimits.report(request.user).allowed:
        form.add_error(None, _("You have sent many reports in a short time. Try again in an hour."))
        return False
    try:
        content_report(
            actor=request.user,
            reason=form.cleaned_data["reason"],
            suggestion=None if comment else suggestion,
            comment=comment,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _reported_comment(request, suggestion):
    """The comment named by ``?comment=``, if any; a hidden or foreign one is a 404."""
    raw = request.GET.get("comment") or request.POST.get("comment")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(
        suggestion.comments.visible().select_related(
            "author__stakeholder_group", "stakeholder_group"
        ),
        pk=int(raw),
    )


def reverse_detail(reference: str) -> str:
    return reverse("ideas:detail", kwargs={"reference": reference})
