"""One suggestion: its timeline for the person reading it (public events, or every event for
its handlers), its answer, and the suggestions merged into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)

from ideas.lifecycle import DECISION_ACTIONS, Action, State
from ideas.models import Suggestion, SuggestionEvent
from ideas.permissions import can_see_internal

ACTION_LABELS = dict(Action.choices)


# --- Timelines ------------------------------------------------------------------------------


def public_timeline(suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    return suggestion.events.filter(is_public=True).select_related("actor")


def timeline_for(user, suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    """Internal notes and non-public events only for the group and the coordinators."""
    if can_see_internal(user, suggestion):
        return suggestion.events.select_related("actor")
    return public_timeline(suggestion)


# --- The answer -----------------------------------------------------------------------------

# Moves whose public message answers the submitter and the public: the decision, and the news
# of its implementation that follows it.
ANSWER_ACTIONS = DECISION_ACTIONS | {Action.START_IMPLEMENTATION, Action.MARK_DEPLOYED}


@dataclass(frozen=True)
class Answer:
    """What the handler group answered a decided suggestion, for the top of its pages."""

    # The event with the latest public message of a decision or of its implementation; None
    # when none has one (every decision needs a message, but rows may come from elsewhere).
    event: SuggestionEvent | None
    # Answered by an existing solution: where it is, an http(s) address; else "".
    solution_link: str = ""
    # Not taken forward: the reason chosen from the county's list; else "".
    reason: str = ""
    # The move the message came with ("Implementation started", say), when the state beside
    # the answer does not already say it; else "".
    what: str = ""

    @property
    def solution_host(self) -> str:
        """The site the solution link leads to, said next to it: people see where they go."""
        return urlsplit(self.solution_link).hostname or ""


def answer_of(suggestion: Suggestion, timeline: Sequence[SuggestionEvent]) -> Answer | None:
    """The answer of a decided ``suggestion``, read from its ``timeline`` (its events oldest
    first, which its page reads anyway: the answer costs no query). None while the suggestion
    is open or once withdrawn, and when nothing was answered.

    Reads ``suggestion.not_advanced_reason``: select it with the suggestion."""
    if not suggestion.is_decided:
        return None
    event = next(
        (
            event
            for event in reversed(timeline)
            if event.is_public and event.action in ANSWER_ACTIONS and event.public_message
        ),
        None,
    )
    link = suggestion.solution_link if suggestion.state == State.EXISTING_SOLUTION else ""
    # The service accepts only http(s) addresses; one edited in elsewhere is not made a link.
    if urlsplit(link).scheme not in ("http", "https") or not urlsplit(link).hostname:
        link = ""
    reason = ""
    if suggestion.state == State.NOT_ADVANCED and suggestion.not_advanced_reason_id:
        reason = suggestion.not_advanced_reason.label
    if event is None and not link and not reason:
        return None
    what = ""
    if event is not None and event.to_state != suggestion.state:
        what = ACTION_LABELS.get(event.action, event.action)
    return Answer(event=event, solution_link=link, reason=reason, what=what)


def merged_into_this(user, suggestion: Suggestion) -> list[Suggestion]:
    """The suggestions merged into ``suggestion`` that ``user`` may see, oldest first, in one
    query."""
    return list(
        Suggestion.objects.visible_to(user)
        .filter(merged_into=suggestion)
        .only("reference", "title", "language", "created_at")
        .order_by("created_at", "id")
    )


def has_merged_into_this():
    """An annotation for the query that reads a suggestion for its page: whether anything was
    merged into it, so that the page reads the list only when there is one."""
    return Exists(Suggestion.objects.filter(merged_into=OuterRef("pk")))
