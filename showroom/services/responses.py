"""People's responses to a listed solution: interest, feedback and professionals'
recommendations, each rate-limited here so pages and API count alike; reports of feedback
and their moderation, with the pieces suggestions' comments use."""

from __future__ import annotations

import datetime
import secrets

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.services.community import AlreadyReported
from popsote.core.pii import identity_code_errors
from popsote.core.ratelimit import RateLimited
from popsote.notifications.models import Category
from popsote.notifications.services import notify_users
from showroom import permissions, ratelimits
from showroom.lifecycle import Action
from showroom.models import (
    Feedback,
    FeedbackReport,
    Interest,
    Listing,
    ListingEvent,
    Recommendation,
    UsedAs,
)
from showroom.services.notifications import editor_ids, topic_of

__all__ = [
    "BROWSER_COOKIE",
    "AlreadyReported",
    "RateLimited",
    "browser_token",
    "feedback_create",
    "feedback_hide",
    "feedback_report",
    "feedback_restore",
    "interest_register",
    "new_browser_token",
    "recommendation_add",
    "recommendation_remove",
    "report_dismiss",
]

# The signed cookie that lets a signed-out browser mark interest once per listing.
BROWSER_COOKIE = "showroom_browser"
BROWSER_SALT = "showroom.browser"
BROWSER_COOKIE_AGE = 60 * 60 * 24 * 365


def new_browser_token() -> str:
    return secrets.token_urlsafe(24)


def browser_token(request) -> str:
    """The browser's token from its signed cookie, or "" when it has none (or a forged one).
    A view sets a new one with ``response.set_signed_cookie(BROWSER_COOKIE, token,
    salt=BROWSER_SALT, max_age=BROWSER_COOKIE_AGE, httponly=True, samesite="Lax")``."""
    try:
        return request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_SALT)
    except signing.BadSignature:
        return ""


def _refuse(refusal) -> None:
    if refusal is not None:
        raise PermissionDenied(refusal.message)


def _limited(hit, message: str) -> None:
    if not hit.allowed:
        raise RateLimited(message, retry_after=hit.retry_after)


def interest_register(
    *,
    actor,
    listing: Listing,
    browser: str = "",
    address: str = "",
    today: datetime.date | None = None,
) -> bool:
    """“This could help me”: counted once per signed-in person, or per ``browser`` token of a
    signed-out one (whose ``address`` is rate-limited). True when it was new. Raises
    ``PermissionDenied`` (not listed, or the company itself), ``RateLimited``."""
    _refuse(permissions.interest_refusal(actor, listing, today))
    signed_in = getattr(actor, "is_authenticated", False)
    if not signed_in and not browser:
        raise ValidationError({"browser": _("Your browser did not keep the showroom's cookie.")})
    _limited(
        ratelimits.interest(actor, address),
        _("You have marked many solutions in a short time. Try again later."),
    )
    owner = {"user": actor} if signed_in else {"browser": browser[:64]}
    try:
        with transaction.atomic():
            created = Interest.objects.get_or_create(listing=listing, **owner)[1]
    except IntegrityError:  # the same person's second tab, at the same moment
        return False
    return created


def feedback_create(
    *,
    actor,
    listing: Listing,
    text: str,
    used_as: str,
    today: datetime.date | None = None,
) -> Feedback:
    """A signed-in person's experience of a listed solution, shown apart from the label."""
    _refuse(permissions.feedback_refusal(actor, listing, today))
    text = (text or "").strip()
    errors = identity_code_errors(text=text)
    if not text:
        errors["text"] = _("Write your experience first.")
    elif len(text) > Feedback._meta.get_field("text").max_length:
        errors["text"] = _("Write at most %(count)d characters.") % {
            "count": Feedback._meta.get_field("text").max_length
        }
    if used_as not in UsedAs.values:
        errors["used_as"] = _("Tell how you know the solution.")
    if errors:
        raise ValidationError(errors)
    _limited(
        ratelimits.feedback(actor),
        _("You have given much feedback in a short time. Try again in an hour."),
    )
    return Feedback.objects.create(listing=listing, user=actor, text=text, used_as=used_as)


def recommendation_add(*, actor, listing: Listing, today: datetime.date | None = None) -> bool:
    """A professional recommends the solution; True when it was new. Idempotent."""
    _refuse(permissions.recommend_refusal(actor, listing, today))
    _limited(
        ratelimits.recommendation(actor),
        _("You have recommended many solutions in a short time. Try again later."),
    )
    try:
        with transaction.atomic():
            created = Recommendation.objects.get_or_create(listing=listing, user=actor)[1]
    except IntegrityError:
        return False
    return created


def recommendation_remove(*, actor, listing: Listing) -> bool:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    deleted, _kinds = Recommendation.objects.filter(listing=listing, user=actor).delete()
    return bool(deleted)


def feedback_report(*, actor, feedback: Feedback, reason: str) -> FeedbackReport:
    """Report a feedback to the moderators (the editors hear of it). Once per person while
    the report is open: a second raises ``AlreadyReported`` and writes nothing."""
    _refuse(permissions.report_feedback_refusal(actor, feedback))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the moderators what is wrong.")})
    _limited(
        ratelimits.report(actor),
        _("You have reported many things in a short time. Try again in an hour."),
    )
    mine = FeedbackReport.objects.open_by(actor, feedback=feedback)
    with transaction.atomic():
        if earlier := mine.first():
            raise AlreadyReported(earlier)
        try:
            with transaction.atomic():
                report = FeedbackReport.objects.create(
                    feedback=feedback, reporter=actor, reason=reason
                )
        except IntegrityError:
            raise AlreadyReported(mine.get()) from None
        _feedback_reported(report)
    return report


def _feedback_reported(report: FeedbackReport) -> None:
    listing = report.feedback.listing

    def render():
        return {
            "title": _("Feedback on %(name)s was reported") % {"name": str(listing)},
            "body": report.reason,
            "url": listing.get_absolute_url(),
        }

    notify_users(
        users=editor_ids(),
        exclude=[report.reporter_id],
        category=Category.SHOWROOM,
        kind="showroom.feedback.reported",
        render=render,
        topic=topic_of(listing),
        source=f"showroom_report:{report.pk}",
    )


def feedback_hide(*, actor, feedback: Feedback, reason: str) -> None:
    """Hide a feedback from the public, with a reason, as an internal event of the listing;
    its open reports are resolved."""
    _moderate(actor=actor, feedback=feedback, reason=reason, hide=True)


def feedback_restore(*, actor, feedback: Feedback, reason: str) -> None:
    _moderate(actor=actor, feedback=feedback, reason=reason, hide=False)


def _moderate(*, actor, feedback: Feedback, reason: str, hide: bool) -> None:
    if not permissions.can_moderate_feedback(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason; it is kept in the record.")})
    with transaction.atomic():
        Feedback.objects.filter(pk=feedback.pk).update(
            is_hidden=hide, hidden_reason=reason[:500] if hide else ""
        )
        FeedbackReport.objects.filter(
            feedback=feedback, resolution=FeedbackReport.Resolution.OPEN
        ).update(
            resolution=FeedbackReport.Resolution.HIDDEN
            if hide
            else FeedbackReport.Resolution.DISMISSED,
            resolved_by=actor,
            resolved_at=timezone.now(),
        )
        ListingEvent.record(
            feedback.listing,
            actor=actor,
            action=Action.FEEDBACK_HIDDEN if hide else Action.FEEDBACK_RESTORED,
            internal_note=reason,
            is_public=False,
            data={"feedback": feedback.pk},
        )
    feedback.is_hidden, feedback.hidden_reason = hide, reason[:500] if hide else ""


def report_dismiss(*, actor, report: FeedbackReport) -> None:
    if not permissions.can_moderate_feedback(actor):
        raise PermissionDenied
    FeedbackReport.objects.filter(pk=report.pk, resolution=FeedbackReport.Resolution.OPEN).update(
        resolution=FeedbackReport.Resolution.DISMISSED,
        resolved_by=actor,
        resolved_at=timezone.now(),
    )
