"""Helpers of the notification tests: a suggestion moved along by the real services (so the
real hooks write the notifications), and what a person was told. Suggestions and groups come
from ``tests.factories``."""

from __future__ import annotations

from django.utils import translation

from ideas.lifecycle import MESSAGE_REQUIRED
from ideas.models import Suggestion
from ideas.services.transitions import suggestion_transition
from popsote.notifications.models import Notification


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
