"""Suggestions for the board, search and similar tests, made through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from ideas import services
from ideas.models import Suggestion
from ideas.search import index_suggestion
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

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
    suggestion = services.suggestion_submit(
        actor=actor,
        title=title,
        description=description,
        kind=SuggestionKind.objects.get(code=kind),
        area=Area.objects.get(code=area),
        service_area=ServiceArea.objects.get(code=service_area),
        stakeholder_group=StakeholderGroup.objects.get(code=stakeholder),
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
