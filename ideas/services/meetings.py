"""Group meetings: planning and cancelling them, the agenda, and minutes whose decisions apply
the suggestions' transitions all in one go.

Each write takes the acting person as ``actor``, runs in one transaction and leaves a
``MeetingEvent``. Recording the minutes is all or nothing: one refused decision leaves every
suggestion and the meeting as they were, and the errors come back per agenda item.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ideas.lifecycle import MEETING_LIFECYCLE, MeetingAction
from ideas.models import AgendaItem, Meeting, MeetingEvent, Suggestion
from ideas.permissions import can_run_meetings
from ideas.selectors.meetings import AGENDA_STATES, MEETING_DECISIONS
from ideas.services.transitions import suggestion_transition
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors
from processing_groups.models import HandlerGroup

DECISION_FIELDS = ("decision", "message", "note", "reason", "target", "link")


# --- Meetings ---------------------------------------------------------------------------------


def _event(meeting, *, actor, action, from_state, to_state, data=None, note=""):
    # A meeting's rows are the group's own work: none is on a public timeline.
    return MeetingEvent.record(
        meeting,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        internal_note=note,
        is_public=False,
        data=data,
    )


def meeting_create(
    *, actor, group: HandlerGroup, title: str, starts_at, location: str = ""
) -> Meeting:
    if not can_run_meetings(actor, group):
        raise PermissionDenied
    errors = identity_code_errors(title=title, location=location)
    if not title.strip():
        errors["title"] = _("Give the meeting a title.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            group=group,
            title=title.strip(),
            starts_at=starts_at,
            location=location.strip(),
            created_by=actor,
        )
        _event(
            meeting,
            actor=actor,
            action=MeetingAction.CREATE,
            from_state="",
            to_state=Meeting.State.PLANNED,
        )
    return meeting


def _lock(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)
    )


def _require_planned(meeting: Meeting, action: str) -> None:
    """The agenda changes only before the meeting is held; a refusal is a 409."""
    if meeting.state != Meeting.State.PLANNED:
        state = MEETING_LIFECYCLE.labels.get(meeting.state, meeting.state)
        raise IllegalTransition(
            action=action,
            state=state,
            message=_(
                "The agenda can be changed only while the meeting is planned; this meeting is "
                "“%(state)s”."
            )
            % {"state": state},
        )


def meeting_cancel(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_run_meetings(actor, locked.group):
            raise PermissionDenied
        to_state = MEETING_LIFECYCLE.target(action=MeetingAction.CANCEL, state=locked.state)
        from_state, locked.state = locked.state, to_state
        locked.save(update_fields=["state"])
        _event(
            locked,
            actor=actor,
            action=MeetingAction.CANCEL,
            from_state=from_state,
            to_state=to_state,
            note=reason.strip(),
        )
    return locked


# --- The agenda -------------------------------------------------------------------------------


def agenda_add(*, actor, meeting: Meeting, suggestion: Suggestion) -> AgendaItem:
    """Put one of the group's suggestions on the agenda, last. Only a suggestion that is still
    open, or accepted or in implementation, can be taken up; each only once."""
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_run_meetings(actor, locked.group):
            raise PermissionDenied
        _require_planned(locked, MeetingAction.AGENDA_ADD)
        if suggestion.group_id != locked.group_id:
            raise ValidationError(
                {"suggestion": _("Only the group's own suggestions can be put on its agenda.")}
            )
        if suggestion.state not in AGENDA_STATES:
            raise ValidationError(
                {
                    "suggestion": _(
                        "This suggestion is “%(state)s”: there is nothing left to decide."
                    )
                    % {"state": suggestion.get_state_display()}
                }
            )
        if locked.items.filter(suggestion=suggestion).exists():
            raise ValidationError({"suggestion": _("This suggestion is already on the agenda.")})
        last = locked.items.aggregate(last=Max("position"))["last"]
        item = AgendaItem.objects.create(
            meeting=locked, suggestion=suggestion, position=(last or 0) + 1
        )
        _event(
            locked,
            actor=actor,
            action=MeetingAction.AGENDA_ADD,
            from_state=locked.state,
            to_state=locked.state,
            data={"suggestion": suggestion.reference},
        )
    return item


def agenda_remove(*, actor, meeting: Meeting, item: AgendaItem) -> None:
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_run_meetings(actor, locked.group):
            raise PermissionDenied
        _require_planned(locked, MeetingAction.AGENDA_REMOVE)
        reference = (
            AgendaItem.objects.filter(pk=item.pk, meeting=locked)
            .values_list("suggestion__reference", flat=True)
            .first()
        )
        if reference is None:
            return  # already removed: a double click
        AgendaItem.objects.filter(pk=item.pk).delete()
        _event(
            locked,
            actor=actor,
            action=MeetingAction.AGENDA_REMOVE,
            from_state=locked.state,
            to_state=locked.state,
            data={"suggestion": reference},
        )


def agenda_reorder(*, actor, meeting: Meeting, item: AgendaItem, offset: int) -> None:
    """Move one item ``offset`` places up (negative) or down the agenda."""
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_run_meetings(actor, locked.group):
            raise PermissionDenied
        _require_planned(locked, MeetingAction.AGENDA_REORDER)
        items = list(locked.items.order_by("position", "id"))
        index = next((i for i, row in enumerate(items) if row.pk == item.pk), None)
        if index is None:
            return
        moved = items.pop(index)
        items.insert(max(0, min(len(items), index + offset)), moved)
        for position, row in enumerate(items, start=1):
            row.position = position
        AgendaItem.objects.bulk_update(items, ["position"])
        _event(
            locked,
            actor=actor,
            action=MeetingAction.AGENDA_REORDER,
            from_state=locked.state,
            to_state=locked.state,
            data={"order": [row.pk for row in items]},
        )


# --- Minutes ----------------------------------------------------------------------------------


class MinutesRefused(ValidationError):
    """The minutes were not recorded; ``message_dict`` names each refused field as
    ``item-<id>-<field>`` (or ``summary``). ``conflict`` is True when a suggestion's state no
    longer allows its decision (someone acted meanwhile): the views answer 409 then."""

    def __init__(self, errors: dict, *, conflict: bool):
        super().__init__(errors)
        self.conflict = conflict


def item_key(item: AgendaItem, name: str) -> str:
    return f"item-{item.pk}-{name}"


def not_begun(meeting: Meeting) -> str:
    """Why the minutes of ``meeting`` cannot be recorded yet, or "" once it has begun: minutes
    record what a meeting decided, and their decisions are applied at once."""
    if meeting.starts_at <= timezone.now():
        return ""
    return _(
        "This meeting has not been held yet: it starts on %(starts_at)s. Its minutes can be "
        "recorded, and their decisions applied, once it has begun."
    ) % {"starts_at": formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")}


def minutes_record(
    *, actor, meeting: Meeting, decisions: dict, summary: str = "", attendees: str = ""
) -> Meeting:
    """Record the minutes of a planned meeting and apply its decisions, all in one transaction.

    ``decisions`` maps agenda item ids to ``{decision, message, note, reason, target, link}``
    (``reason`` a ``DecisionReason``, ``target`` a suggestion's reference; optionally
    ``expected_state``, the state the secretary saw). Each item with a decision goes through
    ``ideas.services.suggestion_transition`` with the meeting's id; an item without one is
    recorded as discussed with no decision. If any decision is refused nothing is applied and
    ``MinutesRefused`` carries every item's errors; so it does, with nothing applied, for a
    meeting that has not begun.
    """
    summary, attendees = summary.strip(), attendees.strip()
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_run_meetings(actor, locked.group):
            raise PermissionDenied
        to_state = MEETING_LIFECYCLE.target(action=MeetingAction.RECORD_MINUTES, state=locked.state)
        if refusal := not_begun(locked):
            raise MinutesRefused({NON_FIELD_ERRORS: [refusal]}, conflict=False)
        items = list(locked.items.select_related("suggestion").order_by("position", "id"))
        errors: dict[str, list[str]] = {
            name: [message] for name, message in identity_code_errors(summary=summary).items()
        }
        conflict = False
        applied = []
        for item in items:
            given = decisions.get(item.pk) or decisions.get(str(item.pk)) or {}
            item_errors, item_conflict = _apply(actor, locked, item, given)
            errors.update({item_key(item, name): value for name, value in item_errors.items()})
            conflict = conflict or item_conflict
            applied.append(
                {
                    "item": item.pk,
                    "suggestion": item.suggestion.reference,
                    "decision": item.decision,
                }
            )
        if errors:
            # Rolls back every transition applied above: the minutes are all or nothing.
            raise MinutesRefused(errors, conflict=conflict)
        AgendaItem.objects.bulk_update(
            items,
            [
                "decision",
                "public_message",
                "internal_note",
                "reason",
                "target_reference",
                "link",
                "outcome",
            ],
        )
        from_state = locked.state
        locked.state, locked.summary, locked.attendees = to_state, summary, attendees
        locked.save(update_fields=["state", "summary", "attendees"])
        _event(
            locked,
            actor=actor,
            action=MeetingAction.RECORD_MINUTES,
            from_state=from_state,
            to_state=to_state,
            data={"items": applied},
        )
    return locked


def _apply(actor, meeting: Meeting, item: AgendaItem, given: dict) -> tuple[dict, bool]:
    """Apply one item's decision (inside the minutes' transaction); its errors by field name
    and whether the refusal was a conflict of states."""
    decision = (given.get("decision") or "").strip()
    message = (given.get("message") or "").strip()
    note = (given.get("note") or "").strip()
    link = (given.get("link") or "").strip()
    reason = given.get("reason") or None
    target = (given.get("target") or "").strip()
    item.decision, item.public_message, item.internal_note = decision, message, note
    item.reason, item.link, item.target_reference = reason, link, target
    if not decision:
        item.outcome = AgendaItem.Outcome.NO_DECISION
        errors = identity_code_errors(message=message, note=note)
        return {name: [text] for name, text in errors.items()}, False
    item.outcome = AgendaItem.Outcome.APPLIED
    if decision not in MEETING_DECISIONS:
        return {"decision": [_("Choose a decision from the list.")]}, False
    try:
        suggestion_transition(
            actor=actor,
            suggestion=item.suggestion,
            action=decision,
            message=message,
            note=note,
            target=target,
            reason=reason,
            link=link,
            expected_state=given.get("expected_state") or None,
            meeting_id=meeting.pk,
        )
    except ValidationError as error:
        return {name: list(value) for name, value in error.message_dict.items()}, False
    except IllegalTransition as error:
        return {"decision": [str(error)]}, True
    except PermissionDenied:
        return {"decision": [_("You may not make this decision.")]}, False
    return {}, False
