"""Every write about suggestions goes through here: views, the API, the admin and tasks call
these functions and never change domain state themselves.

Each function takes keyword arguments with the acting person as ``actor``, runs in one
transaction, writes the event row where the entity has a lifecycle and queues side effects
(indexing, notifications) with ``transaction.on_commit``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ideas import permissions
from ideas.lifecycle import LIFECYCLE, Action, State
from ideas.models import (
    Challenge,
    Comment,
    ContentReport,
    Follow,
    Suggestion,
    SuggestionEvent,
    Support,
    token_hash,
)
from popsote.core.pii import contains_identity_code

TEXT_FIELDS = ("title", "description", "proposed_solution", "beneficiaries")
# How a contact person heard the suggestion they enter on someone's behalf.
OFFLINE_CHANNELS = frozenset(set(Suggestion.Channel) - {Suggestion.Channel.ONLINE})


def personal_data_errors(**texts: str) -> dict[str, str]:
    """A message for each field whose text holds a Finnish personal identity code."""
    message = _(
        "This text seems to contain a personal identity code (henkilötunnus). Remove it: "
        "suggestions are public, and patient or client details must not be written here."
    )
    return {field: message for field, text in texts.items() if contains_identity_code(text)}


def next_reference(now=None) -> str:
    """``2026-000123``: a counter per year, incremented in one statement (no race)."""
    year = (now or timezone.now()).year
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ideas_referencesequence (year, last) VALUES (%s, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = ideas_referencesequence.last + 1 "
            "RETURNING last",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"{year}-{number:06d}"


@dataclass(frozen=True)
class Submitted:
    suggestion: Suggestion
    # Only for a signed-out submitter: shown once, never stored in clear.
    tracking_token: str | None


def suggestion_submit(
    *,
    actor,
    title: str,
    description: str,
    kind,
    area,
    service_area,
    stakeholder_group,
    proposed_solution: str = "",
    beneficiaries: str = "",
    themes: Iterable = (),
    challenge: Challenge | None = None,
    language: str = "fi",
    is_private: bool = False,
    show_submitter_name: bool = False,
    email: str = "",
    on_behalf: bool = False,
    channel: str = Suggestion.Channel.ONLINE,
    attachments: Sequence = (),
    site_url: str = "",
) -> Submitted:
    """Record a new suggestion from a person, a signed-out visitor or a contact person.

    A contact person (``on_behalf=True``) enters it for someone else: the suggestion then has no
    signed-in submitter, the contact person is recorded with the channel, and the optional
    e-mail is the actual submitter's. When an e-mail is given, the reference and the tracking
    link are mailed to it after the commit (``site_url`` makes the link absolute), in the
    active language.
    """
    from ideas.attachments import clean_uploads

    errors = personal_data_errors(
        title=title,
        description=description,
        proposed_solution=proposed_solution,
        beneficiaries=beneficiaries,
    )
    if challenge is not None and not challenge.is_open():
        errors["challenge"] = _("This challenge no longer takes suggestions.")
    signed_in = getattr(actor, "is_authenticated", False)
    if on_behalf and not signed_in:
        errors["channel"] = _("Only a signed-in contact person can submit on someone's behalf.")
    elif on_behalf and channel not in OFFLINE_CHANNELS:
        errors["channel"] = _("Choose how the suggestion reached you.")
    # Every file is checked (and images re-encoded) before anything is saved, so that a bad
    # file leaves no suggestion and no stored file behind.
    try:
        clean_files = clean_uploads(attachments)
    except ValidationError as error:
        errors["attachments"] = error.messages
    if errors:
        raise ValidationError(errors)

    tracking_token = None
    suggestion = Suggestion(
        title=title.strip(),
        description=description.strip(),
        proposed_solution=proposed_solution.strip(),
        beneficiaries=beneficiaries.strip(),
        kind=kind,
        area=area,
        service_area=service_area,
        stakeholder_group=stakeholder_group,
        challenge=challenge,
        language=language,
        is_private=is_private,
        show_submitter_name=show_submitter_name and signed_in and not on_behalf,
        channel=channel if on_behalf else Suggestion.Channel.ONLINE,
    )
    if signed_in and not on_behalf:
        suggestion.submitter = actor
    else:
        tracking_token = secrets.token_urlsafe(32)
        suggestion.tracking_token_hash = token_hash(tracking_token)
        suggestion.submitter_email = email.strip().lower()
        if on_behalf:
            suggestion.entered_by = actor

    stored = []
    try:
        with transaction.atomic():
            suggestion.reference = next_reference()
            suggestion.save()
            if themes:
                suggestion.themes.set(themes)
            for clean_file in clean_files:
                stored.append(attachment_add(suggestion=suggestion, upload=clean_file))
            _record(
                suggestion,
                actor=actor if signed_in else None,
                action=Action.SUBMIT,
                from_state="",
                to_state=State.RECEIVED,
                data={"channel": suggestion.channel} if on_behalf else {},
            )
            if suggestion.submitter_id:
                Follow.objects.get_or_create(suggestion=suggestion, user=suggestion.submitter)
            _set_quick_search_vector(suggestion)
            _queue_indexing(suggestion)
            if tracking_token and suggestion.submitter_email:
                _queue_tracking_mail(suggestion, tracking_token, site_url=site_url)
    except BaseException:
        # The rows rolled back; the files they pointed to must not stay behind.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return Submitted(suggestion=suggestion, tracking_token=tracking_token)


def attachment_add(*, suggestion: Suggestion, upload):
    from ideas.attachments import store_attachment

    return store_attachment(suggestion=suggestion, upload=upload)


def suggestion_transition(
    *,
    actor,
    suggestion: Suggestion,
    action: str,
    message: str = "",
    note: str = "",
    tracking_token: str | None = None,
    **details,
) -> Suggestion:
    """Move a suggestion along its lifecycle: lock, check the right, check the move, write the
    event, queue notifications. Raises ``PermissionDenied``, ``IllegalTransition`` (nothing
    changes; the API answers 409) or ``ValidationError``."""
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not permissions.can_transition(actor, locked, action, tracking_token=tracking_token):
            raise PermissionDenied
        target = LIFECYCLE.target(action=action, state=locked.state)
        from_state = locked.state
        locked.state = target
        locked.save(update_fields=["state", "updated_at"])
        _record(
            locked,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            from_state=from_state,
            to_state=target,
            public_message=message.strip(),
            internal_note=note.strip(),
            data=details,
        )
    return locked


def suggestion_support(*, actor, suggestion: Suggestion) -> bool:
    """Add the person's support; True if it was new. Idempotent, and the count never drifts."""
    if not permissions.can_support(actor, suggestion):
        raise PermissionDenied
    with transaction.atomic():
        _, created = Support.objects.get_or_create(suggestion=suggestion, user=actor)
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
    errors = personal_data_errors(body=body)
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
        comment = Comment.objects.create(suggestion=suggestion, author=actor, body=body)
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


def content_report(
    *, actor, reason: str, suggestion: Suggestion | None = None, comment: Comment | None = None
) -> ContentReport:
    target = suggestion or comment.suggestion
    if not permissions.can_report(actor, target):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the moderators what is wrong.")})
    report = ContentReport.objects.create(
        suggestion=suggestion, comment=comment, reporter=actor, reason=reason.strip()
    )
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
        _record(
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


def challenge_create(*, actor, title: str, slug: str, description: str, deadline, opens_at=None):
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    if deadline <= (opens_at or timezone.now()):
        raise ValidationError({"deadline": _("The deadline must be after the opening.")})
    return Challenge.objects.create(
        title=title.strip(),
        slug=slug,
        description=description.strip(),
        deadline=deadline,
        opens_at=opens_at or timezone.now(),
        created_by=actor,
    )


# --- Internals ------------------------------------------------------------------------------


def _record(
    suggestion,
    *,
    actor,
    action,
    from_state,
    to_state,
    public_message="",
    internal_note="",
    is_public=True,
    data=None,
) -> SuggestionEvent:
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        public_message=public_message,
        internal_note=internal_note,
        is_public=is_public,
        data=data or {},
    )


def _set_quick_search_vector(suggestion: Suggestion) -> None:
    """Searchable at once by its own words; the lemmatized vector follows from the worker."""
    from ideas.search import quick_vector_sql

    sql, params = quick_vector_sql(suggestion)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _queue_tracking_mail(suggestion: Suggestion, tracking_token: str, *, site_url: str) -> None:
    """The reference and the tracking link to the e-mail given, in the page's language. The
    suggestion is saved first: a mail that fails is retried by the task and never undoes it."""
    from ideas.mail import send_tracking_mail

    args = (suggestion.pk, tracking_token, get_language() or "fi", site_url)
    transaction.on_commit(lambda: _safely_queue(send_tracking_mail, *args))


def _queue_indexing(suggestion: Suggestion) -> None:
    from ideas.tasks import index_suggestion

    suggestion_id = suggestion.pk
    transaction.on_commit(lambda: _safely_queue(index_suggestion, suggestion_id))


def _safely_queue(task, *args) -> None:
    """A broker that is down must not fail the request: the suggestion is already saved and the
    periodic re-index picks it up (its vector is still the quick one)."""
    import logging

    try:
        task.delay(*args)
    except Exception:
        logging.getLogger(__name__).exception("Could not queue %s%r", task.name, args)
