"""Every move of a listing: one call that locks the row, checks the right, asks the
lifecycle, validates what the move needs, writes, records the event and notifies on commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors
from popsote.core.queue import enqueue
from showroom import permissions, tasks
from showroom.lifecycle import LIFECYCLE, MESSAGE_REQUIRED, Action
from showroom.models import Listing, ListingEvent
from showroom.services import indexing, notifications
from showroom.services.listings import working_version
from showroom.services.records import lock_listing


def _message_error(action: str) -> str:
    if action == Action.ARCHIVE:
        return _("Give the reason for archiving: it is shown on the listing's page.")
    return _("Tell the company what to change: the message is sent to it.")


def listing_transition(
    *,
    actor,
    listing: Listing,
    action: str,
    message: str = "",
    note: str = "",
    expected_state: str | None = None,
) -> ListingEvent:
    """Move a listing along its lifecycle in one transaction.

    Raises ``PermissionDenied``; ``IllegalTransition`` when the state (or the pending
    version) does not allow the move, or ``expected_state`` is no longer the state;
    ``ValidationError`` naming the field. In every case nothing changes.

    What each move needs: ``submit`` and ``submit_change`` a complete version and a label
    valid today; ``publish`` and ``publish_change`` a label valid today; ``return``,
    ``return_change`` and ``archive`` a public ``message``.
    """
    message, note = (message or "").strip(), (note or "").strip()
    with transaction.atomic():
        locked = lock_listing(listing)
        if not permissions.can_transition(actor, locked, action):
            raise PermissionDenied
        if expected_state and locked.state != expected_state:
            raise IllegalTransition(
                action=action,
                state=locked.get_state_display(),
                message=_(
                    "Someone else changed this listing while you were working on it: it is "
                    "now “%(state)s”. Nothing was saved; reload the page to see what changed."
                )
                % {"state": locked.get_state_display()},
            )
        to_state = LIFECYCLE.target(action=action, state=locked.state)
        refusal = permissions.transition_refusal(actor, locked, action)
        if refusal is not None:
            raise IllegalTransition(
                action=action, state=locked.get_state_display(), message=refusal.message
            )
        now = timezone.now()
        _validate(locked, action, message=message, note=note, now=now)
        from_state = locked.state
        data = _apply(actor, locked, action, message=message, now=now)
        locked.state = to_state
        locked.save()
        event = ListingEvent.record(
            locked,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            public_message=message,
            internal_note=note,
            data=data,
        )
        notifications.listing_event(event)
        if action in (Action.PUBLISH, Action.PUBLISH_CHANGE):
            indexing.set_quick_search_vector(locked)
            listing_id = locked.pk
            transaction.on_commit(lambda: enqueue(tasks.index_listing, listing_id))
    listing.state = locked.state
    listing.pending_id, listing.published_id = locked.pending_id, locked.published_id
    return event


def _validate(listing: Listing, action: str, *, message: str, note: str, now) -> None:
    errors: dict[str, object] = {}
    if action in MESSAGE_REQUIRED and not message:
        errors["message"] = _message_error(action)
    errors.update(
        {
            k: v
            for k, v in identity_code_errors(message=message, note=note).items()
            if k not in errors
        }
    )
    if action in (Action.SUBMIT, Action.SUBMIT_CHANGE):
        version = listing.pending if listing.pending else listing.published
        for field in version.missing_fields():
            errors[field] = _("Fill this in before submitting: professionals need it.")
    listing_moves = (Action.SUBMIT, Action.SUBMIT_CHANGE, Action.PUBLISH, Action.PUBLISH_CHANGE)
    if action in listing_moves and not listing.label.is_valid(timezone.localdate(now)):
        errors["label"] = _(
            "The listing's OuluHealth Labs label is not valid today, so the solution cannot "
            "be listed."
        )
    if errors:
        raise ValidationError(errors)


def _apply(actor, listing: Listing, action: str, *, message: str, now) -> dict:
    data: dict = {}
    if action in (Action.SUBMIT, Action.SUBMIT_CHANGE):
        version, _mapping = working_version(listing, actor=actor)
        version.submitted_at = now
        version.save(update_fields=["submitted_at", "updated_at"])
        data["version"] = version.number
    elif action in (Action.RETURN, Action.RETURN_CHANGE):
        version = listing.pending
        version.reviewed_at, version.reviewed_by, version.review_note = now, actor, message
        version.save(update_fields=["reviewed_at", "reviewed_by", "review_note", "updated_at"])
        data["version"] = version.number
    elif action in (Action.PUBLISH, Action.PUBLISH_CHANGE):
        version = listing.pending
        version.reviewed_at, version.reviewed_by = now, actor
        version.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        data["version"] = version.number
        if listing.published_id:
            data["replaced"] = listing.published.number
        listing.published, listing.pending = version, None
        listing.published_at = listing.published_at or now
        listing.archived_at, listing.archived_reason = None, ""
    elif action == Action.ARCHIVE:
        listing.archived_at, listing.archived_reason = now, message
    elif action == Action.RESTORE:
        listing.archived_at, listing.archived_reason = None, ""
    return data


def listing_request_archive(*, actor, listing: Listing, reason: str) -> ListingEvent:
    """The company asks the editors to archive its published listing; an editor decides."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_listing(listing)
        if not permissions.can_request_archive(actor, locked):
            if permissions.is_listing_company(actor, locked):
                raise IllegalTransition(
                    action=Action.ARCHIVE_REQUESTED,
                    state=locked.get_state_display(),
                    message=_("Only a published listing can be archived."),
                )
            raise PermissionDenied
        errors = identity_code_errors(reason=reason)
        if not reason:
            errors["reason"] = _("Tell the editors why the listing should be archived.")
        if errors:
            raise ValidationError(errors)
        event = ListingEvent.record(
            locked, actor=actor, action=Action.ARCHIVE_REQUESTED, public_message=reason
        )
        notifications.listing_event(event)
    return event


def listing_note(*, actor, listing: Listing, note: str) -> ListingEvent:
    """An editors' internal note: never on the company's timeline."""
    note = (note or "").strip()
    with transaction.atomic():
        locked = lock_listing(listing)
        if not permissions.can_review(actor):
            raise PermissionDenied
        errors = identity_code_errors(note=note)
        if not note:
            errors["note"] = _("Write the note.")
        if errors:
            raise ValidationError(errors)
        return ListingEvent.record(
            locked, actor=actor, action=Action.NOTE, internal_note=note, is_public=False
        )
