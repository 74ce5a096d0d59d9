"""Builders for the evaluation and meeting tests: suggestions in a group in a given state (set
directly, as the handlers' moves would leave it; the moves have tests of their own), and
meetings."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from ideas.lifecycle import State
from ideas.models import Meeting, Suggestion
from tests.ideas.community import make_suggestion


def group_suggestion(group, *, state: str = State.IN_PROCESSING, **extra) -> Suggestion:
    suggestion = make_suggestion(state=state, **extra)
    # Routing at submission may have placed it already; the test decides group and state.
    Suggestion.objects.filter(pk=suggestion.pk).update(group=group, state=state)
    suggestion.refresh_from_db()
    return suggestion


def make_meeting(
    group, *, state: str = Meeting.State.PLANNED, title="Kokous 3/2026", starts_at=None
) -> Meeting:
    """A meeting that began an hour ago (its minutes can be recorded) unless told when."""
    return Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts_at or timezone.now() - timedelta(hours=1),
        state=state,
    )


def group_url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"groups:{name}", args=args)
