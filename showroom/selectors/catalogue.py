"""The public catalogue: listed solutions only (``Listing.objects.listed(today)``), searched
in Finnish through ``popsote.search`` like suggestions, filtered by what people ask for, in a
fixed number of queries however many rows match (count, page, categories)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone, translation

from labs.models import Level
from popsote.core.site import absolute_url
from popsote.search.text import search_query
from showroom.models import (
    FREE_PRICE_MODELS,
    Audience,
    Category,
    Language,
    Listing,
    Platform,
)

# The filters of the catalogue and the API, each with the values it accepts; ``category``
# takes a category code (unknown codes match nothing, like the board's terms).
CHOICE_FILTERS = {
    "audience": Audience,
    "label_level": Level,
    "language": Language,
    "platform": Platform,
}
MAX_SEARCH = 200
TRUE_VALUES = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class CatalogueQuery:
    """What the person asked for, from the address (GET form) or the API."""

    search: str = ""
    audience: str = ""
    category: str = ""
    label_level: str = ""
    language: str = ""
    platform: str = ""
    free: bool = False

    @classmethod
    def from_params(cls, params: Mapping) -> tuple[CatalogueQuery, dict[str, str]]:
        """The query from request parameters, and the names of invalid ones with the value
        given (a page ignores them, the API answers 400)."""
        values: dict = {}
        invalid: dict[str, str] = {}
        search = str(params.get("search") or params.get("q") or "").strip()
        values["search"] = search[:MAX_SEARCH]
        for name, choices in CHOICE_FILTERS.items():
            value = str(params.get(name) or "").strip()
            if value and value not in choices.values:
                invalid[name] = value
            elif value:
                values[name] = value
        category = str(params.get("category") or "").strip()
        if category:
            values["category"] = category[:40]
        free = str(params.get("free") or "").strip().lower()
        values["free"] = free in TRUE_VALUES
        return cls(**values), invalid

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, field.name) for field in fields(self))

    def as_params(self) -> dict[str, str]:
        """The query as address parameters (for the pages' links), empty ones left out."""
        params = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is True:
                params[field.name] = "1"
            elif value:
                params[field.name] = value
        return params


def for_cards(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    """What a card shows, read with the rows: the published version, its label and company,
    and the version's categories in one more query."""
    return queryset.select_related("published", "label", "company").prefetch_related(
        Prefetch("published__categories", queryset=Category.objects.order_by("position", "code"))
    )


def catalogue(
    query: CatalogueQuery | None = None, *, today: datetime.date | None = None
) -> QuerySet[Listing]:
    """The listed solutions matching ``query``: best match first when searching, else the
    newest first. Paginate the queryset; it reads in three queries (count, rows,
    categories)."""
    query = query or CatalogueQuery()
    queryset = Listing.objects.listed(today or timezone.localdate())
    if query.audience:
        queryset = queryset.filter(published__audience__contains=[query.audience])
    if query.category:
        queryset = queryset.filter(
            published__categories__code=query.category, published__categories__is_active=True
        )
    if query.label_level:
        queryset = queryset.filter(label__level=query.label_level)
    if query.language:
        queryset = queryset.filter(published__languages__contains=[query.language])
    if query.platform:
        queryset = queryset.filter(published__platforms__contains=[query.platform])
    if query.free:
        queryset = queryset.filter(published__price_model__in=sorted(FREE_PRICE_MODELS))
    ordering = ["-published_at", "-id"]
    if query.search:
        search = search_query(query.search, prefix_last=True)
        if search is None:
            return queryset.none()
        queryset = queryset.filter(search_vector=search).annotate(
            rank=SearchRank(F("search_vector"), search)
        )
        ordering = ["-rank", *ordering]
    return for_cards(queryset).order_by(*ordering)


def filter_categories() -> list[Category]:
    """The categories a person may filter by, in their order (one query)."""
    return list(Category.objects.active().order_by("position", "code"))


def highlights(*, count: int = 3, today: datetime.date | None = None) -> list[Listing]:
    """A few listed solutions for the front page: the most recently published. Two queries."""
    return list(catalogue(today=today)[:count])


def solution_choices(*, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """(address, name) of each listed solution, for a handler answering a suggestion with an
    existing solution: the address is the listing's public page on this site. One query."""
    rows = (
        Listing.objects.listed(today or timezone.localdate())
        .select_related("published", "company")
        .order_by("published__name", "id")
    )
    # The Finnish address (no language prefix): the one link every reader's page resolves.
    with translation.override(settings.LANGUAGE_CODE):
        return [
            (
                absolute_url(listing.get_absolute_url()),
                f"{listing.published.name} ({listing.company.name})",
            )
            for listing in rows
        ]


def answering(suggestion, *, today: datetime.date | None = None) -> QuerySet[Listing]:
    """The listed solutions a handler answered ``suggestion`` with, for its page's panel."""
    listed = Listing.objects.listed(today or timezone.localdate())
    return for_cards(listed.filter(need_answers__suggestion=suggestion)).order_by(
        "-published_at", "-id"
    )
