"""Suggestions for the board, search and similar tests, made through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from ideas.models import Suggestion
from ideas.services.indexing import index_suggestion
from tests.factories import submit

BASE_TIME = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.get_fixed_timezone(120))


def make_suggestion(
    title: str = "Kotihoidon iltakäynnit",
    description: str = "Käynnit ovat liian aikaisin illalla.",
    *,
    actor=None,
    area: str = "oulu",
    service_area: str = "older-people",
    kind: str = "need",
    stakeholder: str = "resident",
    language: str = "fi",
    index: bool = True,
    created_at: datetime | None = None,
    **extra,
) -> Suggestion:
    """A submitted suggestion; ``index`` runs the lemmatizing indexer as the worker would."""
    suggestion = submit(
        actor,
        title=title,
        description=description,
        kind=kind,
        area=area,
        service_area=service_area,
        stakeholder_group=stakeholder,
        language=language,
        **extra,
    ).suggestion
    if created_at is not None:
        Suggestion.objects.filter(pk=suggestion.pk).update(created_at=created_at)
        suggestion.created_at = created_at
    if index:
        index_suggestion(suggestion)
    return suggestion


def make_many(count: int, *, start: int = 0, **kwargs) -> list[Suggestion]:
    """``count`` suggestions an hour apart, newest last."""
    return [
        make_suggestion(
            title=f"Ehdotus numero {number}",
            created_at=BASE_TIME + timedelta(hours=number),
            index=False,
            **kwargs,
        )
        for number in range(start, start + count)
    ]
