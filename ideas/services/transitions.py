"""Moves of a suggestion's lifecycle: one function, ``suggestion_transition``, checks the
person's right, locks the row, validates the move against ``ideas.lifecycle`` (an illegal one
raises ``IllegalTransition`` and changes nothing), applies it, writes the event and the
notifications. Merging locks the target too, in a fixed order, so two merges cannot deadlock.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas import extensions, permissions
from ideas.lifecycle import (
    DECIDED_STATES,
    LIFECYCLE,
    MESSAGE_REQUIRED,
    OPEN_STATES,
    RESPONSE_ACTIONS,
    Action,
)
from ideas.models import (
    Follow,
    ImpactAssessment,
    Suggestion,
    SuggestionEvent,
    Support,
)
from ideas.services.notifications import suggestion_event
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors


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
        locked = lock_suggestion(suggestion)
        if not permissions.can_transition(actor, locked, action, tracking_token=tracking_token):
            raise PermissionDenied
        return perform_move(
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


def lock_suggestion(suggestion: Suggestion) -> Suggestion:
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


def perform_move(
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
    event = SuggestionEvent.record(
        locked,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        public_message=message,
        internal_note=note,
        data=data,
    )
    if action == Action.EXISTING_SOLUTION:
        # An app whose page the link is records that it answers the need, in this transaction.
        extensions.solution_linked(locked, link, actor=event.actor)
    if action == Action.MARK_DEPLOYED:
        ImpactAssessment.objects.get_or_create(
            suggestion=locked,
            defaults={"opened_at": now, "due_at": now + impact_due_after()},
        )
    suggestion_event(event)
    return locked


def impact_due_after() -> timedelta:
    """How long after deployment its impact assessment is due: once the change has had time to
    show its effect (``IDEAS_IMPACT_DUE_DAYS``)."""
    return timedelta(days=settings.IDEAS_IMPACT_DUE_DAYS)


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
