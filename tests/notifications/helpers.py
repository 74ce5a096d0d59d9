"""Builders for the notification tests: a suggestion moved along by the real services (so the
real hooks write the notifications). Groups come from ``tests.factories.make_group``."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from ideas import services
from ideas.lifecycle import MESSAGE_REQUIRED
from ideas.models import Suggestion
from popsote.notifications.models import Notification
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind


def submit(*, submitter=None, email: str = "", language: str = "fi", **extra) -> Suggestion:
    """A suggestion through the real service. Without handler groups it waits for triage."""
    return services.suggestion_submit(
        actor=submitter or AnonymousUser(),
        title=extra.pop("title", "Kotihoidon käynnit iltaisin"),
        description="Kotihoidon iltakäynnit ovat liian lyhyitä.",
        kind=SuggestionKind.objects.get(code="need"),
        area=Area.objects.get(code="oulu"),
        service_area=ServiceArea.objects.get(code="older-people"),
        stakeholder_group=StakeholderGroup.objects.get(code="resident"),
        email=email,
        language=language,
        **extra,
    ).suggestion


def move(suggestion: Suggestion, action: str, *, actor, **kwargs) -> Suggestion:
    if action in MESSAGE_REQUIRED:
        kwargs.setdefault("message", "Kiitos, asia on käsittelyssä.")
    with translation.override("en"):
        return services.suggestion_transition(
            actor=actor, suggestion=suggestion, action=action, **kwargs
        )


def heard(user, *, category: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=user).order_by("id")
    if category:
        rows = rows.filter(category=category)
    return list(rows)


def kinds(user) -> list[str]:
    return [row.kind for row in heard(user)]
