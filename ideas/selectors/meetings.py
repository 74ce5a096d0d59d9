"""Reads of group meetings: the groups whose meetings a person may run, what a meeting may take
up and the decisions it may record for a suggestion in a given state.
"""

from __future__ import annotations

from django.db.models import F

from ideas.lifecycle import LIFECYCLE, OPEN_STATES, Action, State
from ideas.models import Meeting, Suggestion
from ideas.permissions import SUBMITTER_ACTIONS
from popsote.accounts.roles import is_coordinator
from processing_groups.models import HandlerGroup

# What a meeting may take up: what is still open, and what was accepted and is being carried
# out (the group follows its implementation).
AGENDA_STATES = OPEN_STATES | {State.ACCEPTED, State.IN_IMPLEMENTATION}
# Decisions a meeting can record. Routing and transfer need a group and are done from the
# suggestion page; withdrawing and answering are the submitter's.
MEETING_DECISIONS = tuple(
    action
    for action in LIFECYCLE.moves
    if action not in SUBMITTER_ACTIONS and action not in (Action.ROUTE, Action.TRANSFER)
)


def groups_for_meetings(user):
    """The groups whose meetings ``user`` may see and run."""
    if not getattr(user, "is_authenticated", False):
        return HandlerGroup.objects.none()
    if is_coordinator(user):
        return HandlerGroup.objects.all()
    return HandlerGroup.objects.of_member(user)


def decisions_for(state: str) -> list[str]:
    """The decisions a meeting may record for a suggestion in ``state``."""
    return [action for action in MEETING_DECISIONS if LIFECYCLE.allows(action=action, state=state)]


# --- Reading ----------------------------------------------------------------------------------


def agenda_candidates(meeting: Meeting, *, limit: int = 50):
    """The group's suggestions a meeting could take up and has not: the most urgent first."""
    return (
        Suggestion.objects.filter(group_id=meeting.group_id, state__in=AGENDA_STATES)
        .exclude(agenda_items__meeting=meeting)
        .select_related("group")
        .order_by(F("due_at").asc(nulls_last=True), "created_at")[:limit]
    )
