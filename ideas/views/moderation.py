"""The coordinators' moderation: a queue of open reports and the hide, restore and dismiss
actions. Anyone else gets a 404, as if the pages did not exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ideas import permissions
from ideas.forms.community import ModerationForm
from ideas.models import Comment, ContentReport, Suggestion
from ideas.services.community import content_hide, content_restore, report_dismiss
from popsote.core.redirects import local_url

# The queue shows the oldest reports first and at most this many at a time: a flood of reports
# must not make the page slow, and the oldest are the ones to handle first.
QUEUE_LIMIT = 300
HIDDEN_LIMIT = 50
OPEN = ContentReport.Resolution.OPEN


def _coordinators_only(user) -> None:
    if not permissions.can_moderate(user):
        raise Http404


@dataclass
class ReportedItem:
    """One reported suggestion or comment with all its open reports."""

    kind: str  # "suggestion" or "comment"
    suggestion: Suggestion
    comment: Comment | None
    reports: list[ContentReport] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.comment.pk if self.comment else self.suggestion.pk

    @property
    def first_reported(self) -> datetime:
        return self.reports[0].created_at

    @property
    def is_hidden(self) -> bool:
        return (self.comment or self.suggestion).is_hidden


def reported_items(reports) -> list[ReportedItem]:
    """Group reports (oldest first) per target; a target comes in the order of its oldest."""
    items: dict[tuple[str, int], ReportedItem] = {}
    for report in reports:
        if report.comment_id:
            key = ("comment", report.comment_id)
            item = items.get(key) or ReportedItem(
                "comment", report.comment.suggestion, report.comment
            )
        else:
            key = ("suggestion", report.suggestion_id)
            item = items.get(key) or ReportedItem("suggestion", report.suggestion, None)
        item.reports.append(report)
        items[key] = item
    return list(items.values())


def queue(request):
    _coordinators_only(request.user)
    open_reports = ContentReport.objects.filter(resolution=OPEN)
    reports = open_reports.select_related(
        "reporter", "suggestion", "comment__suggestion", "comment__author__stakeholder_group"
    ).order_by("created_at", "id")[:QUEUE_LIMIT]
    # Content hidden after a report, newest first, so that a hiding can be undone from here.
    hidden = (
        ContentReport.objects.filter(resolution=ContentReport.Resolution.HIDDEN)
        .filter(Q(suggestion__is_hidden=True) | Q(comment__is_hidden=True))
        .select_related("suggestion", "comment__suggestion", "resolved_by")
        .order_by("-resolved_at", "-id")[:HIDDEN_LIMIT]
    )
    context = {
        "items": reported_items(reports),
        "open_count": open_reports.count(),
        "queue_limit": QUEUE_LIMIT,
        "hidden_items": reported_items(hidden),
    }
    return render(request, "ideas/moderation.html", context)


def _target(kind: str, pk: int) -> tuple[Suggestion, Comment | None]:
    if kind == "suggestion":
        return get_object_or_404(Suggestion.objects.all(), pk=pk), None
    if kind == "comment":
        comment = get_object_or_404(
            Comment.objects.select_related("suggestion", "author__stakeholder_group"), pk=pk
        )
        return comment.suggestion, comment
    raise Http404


@require_http_methods(["GET", "POST"])
def moderate(request, target: str, pk: int):
    _coordinators_only(request.user)
    suggestion, comment = _target(target, pk)
    content = comment or suggestion
    open_reports = list(content.reports.filter(resolution=OPEN).select_related("reporter"))
    form = ModerationForm(
        request.POST or None,
        initial={"action": request.GET.get("action")},
        is_hidden=content.is_hidden,
        has_reports=bool(open_reports),
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = _apply(request.user, form.cleaned_data, suggestion, comment, open_reports)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect(_next_page(request))
    context = {
        "form": form,
        "target": target,
        "suggestion": suggestion,
        "comment": comment,
        "content": content,
        "open_reports": open_reports,
        "next": _next_page(request),
    }
    return render(request, "ideas/moderation_form.html", context)


def _apply(actor, data, suggestion, comment, open_reports) -> str:
    action, reason = data["action"], data["reason"]
    target = {"comment": comment} if comment else {"suggestion": suggestion}
    if action == ModerationForm.HIDE:
        content_hide(actor=actor, reason=reason, **target)
        return _("The content was hidden from the public.")
    if action == ModerationForm.RESTORE:
        content_restore(actor=actor, reason=reason, **target)
        return _("The content is public again.")
    for report in open_reports:
        report_dismiss(actor=actor, report=report)
    return _("The reports were closed with no action.")


def _next_page(request) -> str:
    """Back where the coordinator came from (the queue or the suggestion), never off-site."""
    candidate = request.POST.get("next") or request.GET.get("next")
    return local_url(request, candidate) or reverse("ideas:moderation")
