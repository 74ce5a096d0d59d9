"""The suggestion's timeline row, written by every service that changes a suggestion."""

from __future__ import annotations

from ideas.models import (
    SuggestionEvent,
)

# --- Internals ------------------------------------------------------------------------------


def write_event(
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
