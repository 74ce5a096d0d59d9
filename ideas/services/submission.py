"""Submission: a new suggestion with its attachments, routed and indexed in one transaction.

Anyone may submit, signed in or not; a signed-out submitter who gives an address gets a
private tracking link by e-mail (the outbox: ``notifications.suggestion_received``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ideas import tasks
from ideas.lifecycle import (
    Action,
    State,
)
from ideas.models import (
    Attachment,
    Challenge,
    Follow,
    Suggestion,
    SuggestionEvent,
    token_hash,
    tracking_token_for,
)
from ideas.services.indexing import set_quick_search_vector
from ideas.services.notifications import suggestion_received
from ideas.services.routing import suggestion_route_new
from popsote.core.pii import identity_code_errors
from popsote.core.queue import enqueue
from popsote.core.uploads import MAX_FILES, CleanFile, clean_upload, clean_uploads, too_many_message

# How a contact person heard the suggestion they enter on someone's behalf.
OFFLINE_CHANNELS = frozenset(set(Suggestion.Channel) - {Suggestion.Channel.ONLINE})


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
    # Only for a signed-out submitter. Not a column: the row stores the random nonce it is
    # derived from (with the secret key) and its hash, to find the suggestion by it.
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
) -> Submitted:
    """Record a new suggestion from a person, a signed-out visitor or a contact person.

    A contact person (``on_behalf=True``) enters it for someone else: the suggestion then has no
    signed-in submitter, the contact person is recorded with the channel, and the optional
    e-mail is the actual submitter's. When an e-mail is given, the reference and the tracking
    link are mailed to it after the commit, in the active language (a notification written
    with the suggestion: see ``notifications.suggestion_received``).
    """
    errors = identity_code_errors(
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
        suggestion.tracking_nonce = secrets.token_urlsafe(24)
        tracking_token = tracking_token_for(suggestion.tracking_nonce)
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
            submission = SuggestionEvent.record(
                suggestion,
                actor=actor if signed_in else None,
                action=Action.SUBMIT,
                from_state="",
                to_state=State.RECEIVED,
                data={"channel": suggestion.channel} if on_behalf else {},
            )
            if suggestion.submitter_id:
                Follow.objects.get_or_create(suggestion=suggestion, user=suggestion.submitter)
            suggestion_route_new(suggestion)
            set_quick_search_vector(suggestion)
            queue_indexing(suggestion)
            suggestion_received(submission, language=get_language())
    except BaseException:
        # The rows rolled back; the files they pointed to must not stay behind.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return Submitted(suggestion=suggestion, tracking_token=tracking_token)


def attachment_add(*, suggestion: Suggestion, upload) -> Attachment:
    """Check (unless already checked), clean and store one attachment of ``suggestion``, inside
    the submission's transaction."""
    clean = upload if isinstance(upload, CleanFile) else clean_upload(upload)
    if suggestion.attachments.count() >= MAX_FILES:
        raise ValidationError({"attachments": too_many_message()})
    attachment = Attachment(
        suggestion=suggestion,
        token=secrets.token_urlsafe(16),
        original_name=clean.display_name,
        content_type=clean.content_type,
        extension=clean.extension,
        size=len(clean.content),
    )
    # The storage picks the path from the random token (``ideas.models.attachment_path``).
    attachment.file.save(f"upload{clean.extension}", ContentFile(clean.content), save=False)
    attachment.save()
    return attachment


def queue_indexing(suggestion: Suggestion) -> None:
    """Lemmatize the new suggestion in a worker after the commit. A broker that is down must
    not fail the submission: the suggestion is saved, keeps its quick vector, and the periodic
    re-index picks it up."""
    suggestion_id = suggestion.pk
    transaction.on_commit(lambda: enqueue(tasks.index_suggestion, suggestion_id))
