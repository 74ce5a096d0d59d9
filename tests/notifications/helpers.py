"""Builders for the notification tests: a suggestion moved along by the real services (so the
real hooks write the notifications). Groups come from ``tests.factories.make_group``."""

from __future__ import annotations

from django.utils import translation

from ideas.lifecycle import MESSAGE_REQUIRED
from ideas.models import Suggestion
from ideas.services.transitions import suggestion_transition
from popsote.notifications.models import Notification
from tests.factories import submit as submit_suggestion


def submit(*, submitter=None, email: str = "", language: str = "fi", **extra) -> Suggestion:
    """A suggestion through the real service. Without handler groups it waits for triage."""
    return submit_suggestion(
        submitter,
        title=extra.pop("title", "Kotihoidon käynnit iltaisin"),
        description="Kotihoidon iltakäynnit ovat liian lyhyitä.",
        email=email,
        language=language,
        **extra,
    ).suggestion


def move(suggestion: Suggestion, action: str, *, actor, **kwargs) -> Suggestion:
    if action in MESSAGE_REQUIRED:
        kwargs.setdefault("message", "Kiitos, asia on käsittelyssä.")
    with translation.override("en"):
        return suggestion_transition(actor=actor, suggestion=suggestion, action=action, **kwargs)


def heard(user, *, category: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=user).order_by("id")
    if category:
        rows = rows.filter(category=category)
    return list(rows)


def kinds(user) -> list[str]:
    return [row.kind for row in heard(user)]
