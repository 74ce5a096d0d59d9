"""What people do around a suggestion: support and follow it, comment, report content; and the
moderators' answer to reports (hide, restore, dismiss).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ideas import permissions
from ideas.lifecycle import (
    Action,
)
from ideas.models import (
    Comment,
    ContentReport,
    Follow,
    Suggestion,
    SuggestionEvent,
    Support,
)
from ideas.services.notifications import content_reported
from popsote.core.pii import identity_code_errors


def suggestion_support(*, actor, suggestion: Suggestion) -> bool:
    """Add the person's support; True if it was new. Idempotent, and the count never drifts."""
    if not permissions.can_support(actor, suggestion):
        raise PermissionDenied
    with transaction.atomic():
        _, created = Support.objects.get_or_create(
            suggestion=suggestion,
            user=actor,
            defaults={"stakeholder_group_id": actor.stakeholder_group_id},
        )
        if created:
            Suggestion.objects.filter(pk=suggestion.pk).update(support_count=F("support_count") + 1)
            Follow.objects.get_or_create(suggestion=suggestion, user=actor)
    return created


def suggestion_unsupport(*, actor, suggestion: Suggestion) -> bool:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    with transaction.atomic():
        deleted, _ = Support.objects.filter(suggestion=suggestion, user=actor).delete()
        if deleted:
            Suggestion.objects.filter(pk=suggestion.pk).update(
                support_count=F("support_count") - deleted
            )
    return bool(deleted)


def suggestion_follow(*, actor, suggestion: Suggestion) -> None:
    if not permissions.can_follow(actor, suggestion):
        raise PermissionDenied
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(suggestion=suggestion, user=actor)
    except IntegrityError:  # a double click raced itself: the follow exists
        pass


def suggestion_unfollow(*, actor, suggestion: Suggestion) -> None:
    Follow.objects.filter(suggestion=suggestion, user=actor).delete()


def _clean_comment_body(body: str) -> str:
    """The comment's text, or ``ValidationError`` naming ``body``: empty, or personal data."""
    body = body.strip()
    errors = identity_code_errors(body=body)
    if not body:
        errors["body"] = _("Write a comment first.")
    if errors:
        raise ValidationError(errors)
    return body


def comment_create(*, actor, suggestion: Suggestion, body: str) -> Comment:
    if not permissions.can_comment(actor, suggestion):
        raise PermissionDenied
    body = _clean_comment_body(body)
    with transaction.atomic():
        comment = Comment.objects.create(
            suggestion=suggestion,
            author=actor,
            body=body,
            stakeholder_group_id=actor.stakeholder_group_id,
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(comment_count=F("comment_count") + 1)
    return comment


def comment_edit(*, actor, comment: Comment, body: str) -> Comment:
    if not comment.is_editable_by(actor):
        raise PermissionDenied
    body = _clean_comment_body(body)
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


class AlreadyReported(Exception):
    """The person's earlier report of the same thing is still open: nothing new was written."""

    message = gettext_lazy("You have already reported this. The moderators will look at it.")

    def __init__(self, report: ContentReport):
        super().__init__(str(self.message))
        self.report = report


def content_report(
    *, actor, reason: str, suggestion: Suggestion | None = None, comment: Comment | None = None
) -> ContentReport:
    """Report a suggestion or a comment to the moderators and tell the coordinators.

    A person reports a thing once while their report is open: a second report raises
    ``AlreadyReported`` and writes nothing and tells nobody. Nobody reports their own
    suggestion or comment (``PermissionDenied``).
    """
    target = suggestion or comment.suggestion
    if not permissions.can_report(actor, target, comment=comment):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the moderators what is wrong.")})
    mine = ContentReport.objects.open_by(actor, suggestion=suggestion, comment=comment)
    with transaction.atomic():
        if earlier := mine.first():
            raise AlreadyReported(earlier)
        try:
            with transaction.atomic():  # the same person's second tab, at the same moment
                report = ContentReport.objects.create(
                    suggestion=suggestion, comment=comment, reporter=actor, reason=reason.strip()
                )
        except IntegrityError:
            raise AlreadyReported(mine.get()) from None
        content_reported(report)
    return report


def content_hide(
    *, actor, reason: str, suggestion: Suggestion | None = None, comment: Comment | None = None
) -> None:
    """Hide a suggestion or a comment from the public, with a reason, as an event."""
    _moderate(actor=actor, reason=reason, suggestion=suggestion, comment=comment, hide=True)


def content_restore(
    *, actor, reason: str, suggestion: Suggestion | None = None, comment: Comment | None = None
) -> None:
    _moderate(actor=actor, reason=reason, suggestion=suggestion, comment=comment, hide=False)


def _moderate(*, actor, reason, suggestion, comment, hide: bool) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason; it is kept in the record.")})
    with transaction.atomic():
        if comment is not None:
            Comment.objects.filter(pk=comment.pk).update(
                is_hidden=hide, hidden_reason=reason.strip() if hide else ""
            )
            target = Suggestion.objects.select_for_update().get(pk=comment.suggestion_id)
            visible_change = 1 if not hide else -1
            if comment.is_hidden != hide:
                Suggestion.objects.filter(pk=target.pk).update(
                    comment_count=F("comment_count") + visible_change
                )
            data = {"comment": comment.pk}
        else:
            target = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
            target.is_hidden = hide
            target.save(update_fields=["is_hidden", "updated_at"])
            data = {}
        ContentReport.objects.filter(
            suggestion=suggestion, comment=comment, resolution=ContentReport.Resolution.OPEN
        ).update(
            resolution=ContentReport.Resolution.HIDDEN
            if hide
            else ContentReport.Resolution.DISMISSED,
            resolved_by=actor,
            resolved_at=timezone.now(),
        )
        SuggestionEvent.record(
            target,
            actor=actor,
            action=Action.HIDE if hide else Action.RESTORE,
            from_state=target.state,
            to_state=target.state,
            internal_note=reason.strip(),
            is_public=False,
            data=data,
        )


def report_dismiss(*, actor, report: ContentReport) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    ContentReport.objects.filter(pk=report.pk, resolution=ContentReport.Resolution.OPEN).update(
        resolution=ContentReport.Resolution.DISMISSED, resolved_by=actor, resolved_at=timezone.now()
    )
