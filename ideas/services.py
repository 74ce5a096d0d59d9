"""Writes about suggestions and what people do around them: submission, every move, assignment
and notes, support and follows, comments, reports and moderation, challenges. The pages, the
API, meeting minutes and the demo call these functions and never change this state themselves.
Evaluations (``ideas.evaluation``) and meetings (``ideas.meetings``) are written the same way in
modules of their own, and the search vector by ``ideas.search``.

Each function takes keyword arguments with the acting person as ``actor``, runs in one
transaction, writes the event row where the entity has a lifecycle and queues side effects
(indexing, notifications) with ``transaction.on_commit``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ideas import notify, permissions
from ideas.lifecycle import (
    DECIDED_STATES,
    LIFECYCLE,
    MESSAGE_REQUIRED,
    OPEN_STATES,
    RESPONSE_ACTIONS,
    Action,
    State,
)
from ideas.models import (
    Attachment,
    Challenge,
    Comment,
    ContentReport,
    Follow,
    ImpactAssessment,
    Suggestion,
    SuggestionEvent,
    Support,
    token_hash,
    tracking_token_for,
)
from ideas.search import quick_vector_sql
from ideas.tasks import index_suggestion
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors
from popsote.core.queue import enqueue
from popsote.core.uploads import MAX_FILES, CleanFile, clean_upload, clean_uploads, too_many_message
from processing_groups.routing import RoutingFacts, group_for

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
    with the suggestion: see ``notify.suggestion_received``).
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
            submission = _write_event(
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
            _set_quick_search_vector(suggestion)
            _queue_indexing(suggestion)
            notify.suggestion_received(submission, language=get_language())
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


def suggestion_transition(
    *,
    actor,
    suggestion: Suggestion,
    action: str,
    message: str = "",
    note: str = "",
    tracking_token: str | None = None,
    group=None,
    target: str = "",
    reason=None,
    link: str = "",
    expected_state: str | None = None,
    meeting_id: int | None = None,
) -> Suggestion:
    """Move a suggestion along its lifecycle in one transaction: lock the row, check the
    actor's right, check the move against the state, validate what the move needs, apply its
    side effects, write the event and queue the notifications.

    Raises ``PermissionDenied``; ``IllegalTransition`` when the state does not allow the move
    (the API answers 409), also when ``expected_state`` (the state the actor saw) is no longer
    the state — someone else acted first; or ``ValidationError`` naming the field. In every
    case nothing changes.

    What each move needs: ``route`` and ``transfer`` a ``group`` (transfer also a reason, in
    ``message`` or ``note``); every decision a public ``message``; ``not_advance`` a
    ``reason`` (a ``DecisionReason``); ``merge`` the ``target`` suggestion's reference, which
    the actor must be able to see; ``existing_solution`` a ``link`` to the solution;
    ``request_info`` the question and ``answer_info`` the answer in ``message``.
    """
    with transaction.atomic():
        target_row = _lock_merge_target(suggestion, target) if action == Action.MERGE else None
        locked = _lock(suggestion)
        if not permissions.can_transition(actor, locked, action, tracking_token=tracking_token):
            raise PermissionDenied
        return _move(
            actor,
            locked,
            action,
            message=message,
            note=note,
            group=group,
            target=target_row,
            target_reference=target.strip(),
            reason=reason,
            link=link,
            expected_state=expected_state,
            meeting_id=meeting_id,
        )


def _lock(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("area", "kind", "group")
        .get(pk=suggestion.pk)
    )


def _lock_merge_target(suggestion: Suggestion, reference: str) -> Suggestion | None:
    """The suggestion ``reference`` names, locked, or None when there is none.

    A merge changes the target too (its supporters and count), and its state decides whether
    the merge may happen: both rows are locked, always in the same order, so that two merges
    of the same pair wait for each other instead of deadlocking. Whether the actor may see the
    target is the move's check (``_validate_move``)."""
    reference = reference.strip()
    target_pk = (
        Suggestion.objects.filter(reference=reference).values_list("pk", flat=True).first()
        if reference
        else None
    )
    if target_pk is None:
        return None
    pair = Suggestion.objects.select_for_update().filter(pk__in=[suggestion.pk, target_pk])
    return {row.pk: row for row in pair.order_by("pk")}[target_pk]


def _move(
    actor,
    locked: Suggestion,
    action: str,
    *,
    message: str = "",
    note: str = "",
    group=None,
    target: Suggestion | None = None,
    target_reference: str = "",
    reason=None,
    link: str = "",
    expected_state: str | None = None,
    meeting_id: int | None = None,
) -> Suggestion:
    """The move itself, once the caller holds the row's lock and has settled the right to
    make it: the state's check, what the move needs, its side effects, the event and the
    notifications. ``suggestion_transition`` calls it for a person, the submission's routing
    for the platform itself."""
    message, note, link = message.strip(), note.strip(), link.strip()
    if expected_state and locked.state != expected_state:
        raise IllegalTransition(
            action=action,
            state=LIFECYCLE.labels.get(locked.state, locked.state),
            message=_(
                "Someone else changed this suggestion while you were working on it: it is "
                "now “%(state)s”. Nothing was saved; reload the page to see what changed."
            )
            % {"state": LIFECYCLE.labels.get(locked.state, locked.state)},
        )
    to_state = LIFECYCLE.target(action=action, state=locked.state)
    _validate_move(
        actor,
        locked,
        action,
        message=message,
        note=note,
        group=group,
        target=target,
        target_reference=target_reference,
        reason=reason,
        link=link,
    )
    from_state = locked.state
    now = timezone.now()
    data = _apply_move(
        actor, locked, action, group=group, target=target, reason=reason, link=link, now=now
    )
    if meeting_id is not None:
        data["meeting"] = meeting_id
    locked.state = to_state
    _advance_service_levels(locked, action, now=now)
    locked.save()
    event = _write_event(
        locked,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        public_message=message,
        internal_note=note,
        data=data,
    )
    if action == Action.MARK_DEPLOYED:
        ImpactAssessment.objects.get_or_create(
            suggestion=locked,
            defaults={"opened_at": now, "due_at": now + IMPACT_ASSESSMENT_AFTER},
        )
    notify.suggestion_event(event)
    return locked


# A deployed change is assessed once it has had time to show its effect.
IMPACT_ASSESSMENT_AFTER = timedelta(days=180)


def _validate_move(
    actor, suggestion, action, *, message, note, group, target, target_reference, reason, link
):
    errors: dict[str, str] = {}
    if action in MESSAGE_REQUIRED and not message:
        errors["message"] = {
            Action.REQUEST_INFO: _("Write the question the submitter should answer."),
            Action.ANSWER_INFO: _("Write your answer."),
        }.get(
            action,
            _("A decision needs a public message: tell the submitter and the public why."),
        )
    if action in (Action.ROUTE, Action.TRANSFER):
        if group is None:
            errors["group"] = _("Choose the handler group.")
        elif not group.is_active:
            errors["group"] = _("This group no longer handles suggestions.")
        elif action == Action.TRANSFER and group.pk == suggestion.group_id:
            errors["group"] = _("The suggestion is already with this group.")
    if action == Action.TRANSFER and not (message or note):
        errors["message"] = _("Give the reason for the transfer.")
    if action == Action.NOT_ADVANCE:
        if reason is None:
            errors["reason"] = _("Choose the reason.")
        elif not reason.is_active:
            errors["reason"] = _("This reason is no longer in use.")
    if action == Action.EXISTING_SOLUTION:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link"] = _("Give the web address of the solution that already answers this.")
    if action == Action.MERGE:
        if not target_reference:
            errors["target"] = _("Give the reference of the suggestion to merge this into.")
        elif target is not None and target.pk == suggestion.pk:
            errors["target"] = _("A suggestion cannot be merged into itself.")
        elif target is None or not permissions.can_view(actor, target):
            # Asked before anything about the target itself, so that the answer about a
            # suggestion the actor may not see is the same as about one that does not exist.
            errors["target"] = _("No suggestion has this reference.")
        elif target.state not in permissions.DISCUSSABLE_STATES:
            errors["target"] = _(
                "That suggestion is merged or withdrawn; choose the one it leads to."
            )
        elif not target.is_public:
            # The supporters, followers and submitter carried over must be able to open the
            # suggestion they now support, and the merged page must not point at a page
            # the public cannot see.
            errors["target"] = _(
                "That suggestion is private or hidden: the people carried over to it could not "
                "see it. Merge into a public suggestion."
            )
    errors.update(
        {
            field: error
            for field, error in identity_code_errors(message=message).items()
            if field not in errors
        }
    )
    if errors:
        raise ValidationError(errors)


def _apply_move(actor, suggestion, action, *, group, target, reason, link, now) -> dict:
    """The move's own side effects on ``suggestion`` (saved by the caller) and other rows; the
    event's ``data`` in return."""
    data: dict = {}
    if action in (Action.ROUTE, Action.TRANSFER):
        if suggestion.group_id:
            data["from_group"] = suggestion.group.slug
        data["group"] = group.slug
        suggestion.group = group
        suggestion.assignee = None
        _set_targets(suggestion, group)
    elif action == Action.NOT_ADVANCE:
        suggestion.not_advanced_reason = reason
        data["reason"] = reason.code
    elif action == Action.EXISTING_SOLUTION:
        suggestion.solution_link = link
        data["link"] = link
    elif action == Action.MERGE:
        suggestion.merged_into = target
        data["target"] = target.reference
        data.update(_carry_over(suggestion, target))
    return data


def _carry_over(source: Suggestion, target: Suggestion) -> dict:
    """Supporters and followers of ``source`` (and its signed-in submitter, who had the same
    need) now support and follow ``target``; nobody is counted twice and the target's own
    submitter does not support their own suggestion."""
    supporters = set(Support.objects.filter(suggestion=source).values_list("user_id", flat=True))
    if source.submitter_id:
        supporters.add(source.submitter_id)
    supporters.discard(target.submitter_id)
    supporters -= set(
        Support.objects.filter(suggestion=target, user_id__in=supporters).values_list(
            "user_id", flat=True
        )
    )
    Support.objects.bulk_create(
        [Support(suggestion=target, user_id=user_id) for user_id in supporters],
        ignore_conflicts=True,
    )
    followers = set(Follow.objects.filter(suggestion=source).values_list("user_id", flat=True))
    Follow.objects.bulk_create(
        [Follow(suggestion=target, user_id=user_id) for user_id in followers | supporters],
        ignore_conflicts=True,
    )
    moved = Support.objects.filter(suggestion=source).delete()[0]
    Suggestion.objects.filter(pk=source.pk).update(support_count=0)
    source.support_count = 0
    Suggestion.objects.filter(pk=target.pk).update(
        support_count=Support.objects.filter(suggestion=target).count()
    )
    return {"supports_moved": moved, "supporters_added": len(supporters)}


def _set_targets(suggestion: Suggestion, group) -> None:
    """The group's service-level targets, counted from submission: the submitter's wait."""
    suggestion.response_due_at = suggestion.created_at + timedelta(days=group.first_response_days)
    suggestion.decision_due_at = suggestion.created_at + timedelta(days=group.decision_days)


def _advance_service_levels(suggestion: Suggestion, action: str, *, now) -> None:
    if action in RESPONSE_ACTIONS and suggestion.first_response_at is None:
        suggestion.first_response_at = now
    if suggestion.state in DECIDED_STATES and suggestion.decided_at is None:
        suggestion.decided_at = now
    if suggestion.state not in OPEN_STATES:
        suggestion.due_at = None
    elif suggestion.first_response_at is None:
        suggestion.due_at = suggestion.response_due_at
    else:
        suggestion.due_at = suggestion.decision_due_at


def suggestion_route_new(suggestion: Suggestion, *, groups=None) -> None:
    """Send a new suggestion to its most specific group, or to the coordinators' triage; the
    routing is an event on the timeline either way. Called inside the submission's
    transaction; ``groups``, the routing's candidates when the caller has read them already.
    """
    group = group_for(RoutingFacts.of(suggestion), groups=groups)
    with transaction.atomic():
        if group is not None:
            # The platform itself routes: there is no person's right to check.
            _move(None, _lock(suggestion), Action.ROUTE, group=group)
            suggestion.refresh_from_db()
            return
        event = _write_event(
            suggestion,
            actor=None,
            action=Action.TRIAGE,
            from_state=suggestion.state,
            to_state=suggestion.state,
        )
        notify.suggestion_event(event)


def suggestions_route(
    *,
    actor,
    references: Sequence[str],
    group,
    note: str = "",
    expected_states: Mapping[str, str] | None = None,
) -> list[Suggestion]:
    """Triage: send every suggestion ``references`` names to ``group``, all of them or none.

    ``expected_states`` maps a reference to the state the coordinator saw. The first refusal
    undoes every route before it and passes on: ``IllegalTransition`` naming the suggestion,
    ``ValidationError`` or ``PermissionDenied``; ``Suggestion.DoesNotExist`` for a reference
    that names none.
    """
    expected_states = expected_states or {}
    routed = []
    with transaction.atomic():
        for reference in references:
            suggestion = Suggestion.objects.get(reference=reference)
            try:
                routed.append(
                    suggestion_transition(
                        actor=actor,
                        suggestion=suggestion,
                        action=Action.ROUTE,
                        group=group,
                        note=note,
                        expected_state=expected_states.get(reference) or None,
                    )
                )
            except IllegalTransition as error:
                raise IllegalTransition(
                    action=error.action,
                    state=error.state,
                    message=_("Suggestion %(reference)s: %(why)s")
                    % {"reference": reference, "why": error},
                ) from error
    return routed


def suggestion_assign(*, actor, suggestion: Suggestion, assignee) -> Suggestion:
    """Give the suggestion to one member of its group (or to nobody, with ``None``)."""
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not permissions.can_assign(actor, locked):
            raise PermissionDenied
        if assignee is not None and not permissions.is_group_member(assignee, locked.group_id):
            raise ValidationError({"assignee": _("Only a member of the group can be assigned.")})
        if locked.assignee_id == (assignee.pk if assignee else None):
            return locked
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        event = _write_event(
            locked,
            actor=actor,
            action=Action.ASSIGN,
            from_state=locked.state,
            to_state=locked.state,
            is_public=False,
            data={"assignee": assignee.pk if assignee else None},
        )
        notify.suggestion_event(event)
    return locked


def suggestion_add_note(*, actor, suggestion: Suggestion, note: str) -> SuggestionEvent:
    """An internal note for the group and the coordinators, on the timeline."""
    if not permissions.can_see_internal(actor, suggestion):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write the note first.")})
    return _write_event(
        suggestion,
        actor=actor,
        action=Action.NOTE,
        from_state=suggestion.state,
        to_state=suggestion.state,
        internal_note=note,
        is_public=False,
    )


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
        notify.content_reported(report)
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
        _write_event(
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
    try:
        with transaction.atomic():
            return Challenge.objects.create(
                title=title.strip(),
                slug=slug,
                description=description.strip(),
                deadline=deadline,
                opens_at=opens_at or timezone.now(),
                created_by=actor,
            )
    except IntegrityError:  # the same short name taken a moment ago
        raise ValidationError(
            {"slug": _("Another challenge already uses this short name.")}
        ) from None


# --- Internals ------------------------------------------------------------------------------


def _write_event(
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
    """The row of the suggestion's timeline (its audit trail) for what just happened to it."""
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
    sql, params = quick_vector_sql(suggestion)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _queue_indexing(suggestion: Suggestion) -> None:
    suggestion_id = suggestion.pk
    transaction.on_commit(lambda: _safely_queue(index_suggestion, suggestion_id))


def _safely_queue(task, *args) -> None:
    """A broker that is down must not fail the request: the suggestion is already saved and the
    periodic re-index picks it up (its vector is still the quick one)."""
    enqueue(task, *args)
