"""The suggestion lifecycle as data: states and the moves between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from popsote.core.lifecycle import Lifecycle, Move


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROCESSING = "in_processing", _("In processing")
    INFO_REQUESTED = "info_requested", _("Information requested")
    ACCEPTED = "accepted", _("Accepted for development")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    DEPLOYED = "deployed", _("Deployed")
    NOT_ADVANCED = "not_advanced", _("Not taken forward")
    MERGED = "merged", _("Merged into another suggestion")
    EXISTING_SOLUTION = "existing_solution", _("Answered by an existing solution")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    ROUTE = "route", _("Routed to a handler group")
    TRANSFER = "transfer", _("Transferred to another group")
    REQUEST_INFO = "request_info", _("Information requested")
    ANSWER_INFO = "answer_info", _("Information given")
    ACCEPT = "accept", _("Accepted for development")
    START_IMPLEMENTATION = "start_implementation", _("Implementation started")
    MARK_DEPLOYED = "mark_deployed", _("Deployed")
    NOT_ADVANCE = "not_advance", _("Not taken forward")
    MERGE = "merge", _("Merged")
    EXISTING_SOLUTION = "existing_solution", _("Answered by an existing solution")
    WITHDRAW = "withdraw", _("Withdrawn by the submitter")
    # Events that are not moves of the state.
    TRIAGE = "triage", _("Waiting for the coordinators to choose a group")
    ASSIGN = "assign", _("Assigned")
    NOTE = "note", _("Internal note")
    EVALUATE = "evaluate", _("Evaluated")
    HIDE = "hide", _("Hidden by a moderator")
    RESTORE = "restore", _("Restored by a moderator")


# Moves that decide a suggestion: each needs a public message to the submitter and the public.
DECISION_ACTIONS = frozenset(
    {Action.ACCEPT, Action.NOT_ADVANCE, Action.MERGE, Action.EXISTING_SOLUTION}
)
# The group's first answer to the submitter: stops the first-response clock.
RESPONSE_ACTIONS = DECISION_ACTIONS | {Action.REQUEST_INFO}
# Moves that carry the group's message in ``message`` and cannot go without one.
MESSAGE_REQUIRED = DECISION_ACTIONS | {Action.REQUEST_INFO, Action.ANSWER_INFO}

OPEN_STATES = frozenset({State.RECEIVED, State.IN_PROCESSING, State.INFO_REQUESTED})
DECIDED_STATES = frozenset(
    {
        State.ACCEPTED,
        State.IN_IMPLEMENTATION,
        State.DEPLOYED,
        State.NOT_ADVANCED,
        State.MERGED,
        State.EXISTING_SOLUTION,
    }
)

LIFECYCLE = Lifecycle(
    [
        Move(Action.ROUTE, {State.RECEIVED}, State.IN_PROCESSING),
        Move(Action.TRANSFER, {State.RECEIVED, State.IN_PROCESSING}, None),
        Move(Action.REQUEST_INFO, {State.IN_PROCESSING}, State.INFO_REQUESTED),
        Move(Action.ANSWER_INFO, {State.INFO_REQUESTED}, State.IN_PROCESSING),
        Move(Action.ACCEPT, {State.IN_PROCESSING}, State.ACCEPTED),
        Move(Action.START_IMPLEMENTATION, {State.ACCEPTED}, State.IN_IMPLEMENTATION),
        Move(Action.MARK_DEPLOYED, {State.IN_IMPLEMENTATION}, State.DEPLOYED),
        Move(Action.NOT_ADVANCE, {State.IN_PROCESSING}, State.NOT_ADVANCED),
        Move(Action.MERGE, OPEN_STATES, State.MERGED),
        Move(Action.EXISTING_SOLUTION, {State.IN_PROCESSING}, State.EXISTING_SOLUTION),
        Move(Action.WITHDRAW, OPEN_STATES, State.WITHDRAWN),
    ],
    labels=dict(State.choices),
)


# --- Group meetings ---------------------------------------------------------------------------


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingAction(models.TextChoices):
    CREATE = "create", _("Meeting planned")
    RECORD_MINUTES = "record_minutes", _("Minutes recorded")
    CANCEL = "cancel", _("Meeting cancelled")
    # Events that are not moves of the state.
    AGENDA_ADD = "agenda_add", _("Added to the agenda")
    AGENDA_REMOVE = "agenda_remove", _("Removed from the agenda")
    AGENDA_REORDER = "agenda_reorder", _("Agenda reordered")


# A meeting is planned, then held (its minutes recorded, which applies the decisions) or
# cancelled.
MEETING_LIFECYCLE = Lifecycle(
    [
        Move(MeetingAction.RECORD_MINUTES, {MeetingState.PLANNED}, MeetingState.HELD),
        Move(MeetingAction.CANCEL, {MeetingState.PLANNED}, MeetingState.CANCELLED),
    ],
    labels=dict(MeetingState.choices),
)


# --- Impact assessments of deployed suggestions -----------------------------------------------


class ImpactState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class ImpactAction(models.TextChoices):
    COMPLETE = "complete", _("Impact assessment completed")
    REOPEN = "reopen", _("Impact assessment reopened for correction")
    # Events that are not moves of the state.
    SAVE = "save", _("Impact assessment draft saved")


# Drafted by the group, completed once every part is there; a completed one is reopened (with
# a reason, on its record) only to correct it, and completed again.
IMPACT_LIFECYCLE = Lifecycle(
    [
        Move(ImpactAction.COMPLETE, {ImpactState.DRAFT}, ImpactState.COMPLETED),
        Move(ImpactAction.REOPEN, {ImpactState.COMPLETED}, ImpactState.DRAFT),
    ],
    labels=dict(ImpactState.choices),
)
