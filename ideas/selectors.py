"""Reads about suggestions: the board, search, similar suggestions, a suggestion's timeline.

Every list starts from ``Suggestion.objects.visible_to(user)`` and is shaped so that its query
count does not grow with its rows. The board pages by keyset (a cursor of the last row's sort
key), never by OFFSET, and counts only up to ``COUNT_CAP``: both stay fast at a million rows.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Q, QuerySet

from ideas.models import Suggestion, SuggestionEvent
from popsote.search.text import search_query

PAGE_SIZE = 20
COUNT_CAP = 1000

ORDERINGS = {
    # name: the keyset columns, newest first
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-supports": ("-support_count", "-id"),
}
DEFAULT_ORDERING = "-created"

FILTER_FIELDS = {
    # query parameter: lookup on the code of the taxonomy term or the value itself
    "area": "area__code",
    "service_area": "service_area__code",
    "kind": "kind__code",
    "stakeholder_group": "stakeholder_group__code",
    "state": "state",
    "challenge": "challenge__slug",
}


@dataclass(frozen=True)
class BoardQuery:
    """What the board was asked for; lives in the URL's query string."""

    filters: dict[str, str] = field(default_factory=dict)
    search: str = ""
    ordering: str = DEFAULT_ORDERING
    cursor: str = ""

    @classmethod
    def from_params(cls, params) -> BoardQuery:
        filters = {
            name: params.get(name, "").strip()
            for name in FILTER_FIELDS
            if params.get(name, "").strip()
        }
        ordering = params.get("ordering", "")
        return cls(
            filters=filters,
            search=params.get("search", "").strip()[:200],
            ordering=ordering if ordering in ORDERINGS else DEFAULT_ORDERING,
            cursor=params.get("cursor", ""),
        )


@dataclass
class BoardPage:
    rows: list[Suggestion]
    next_cursor: str | None
    previous_cursor: str | None
    # Exact up to COUNT_CAP; ``count_capped`` says the real number is larger.
    count: int
    count_capped: bool


def _encode_cursor(values: list, *, backwards: bool = False) -> str:
    payload = json.dumps({"v": values, "b": backwards}, default=str)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[list, bool] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return list(payload["v"]), bool(payload.get("b"))
    except (ValueError, KeyError, TypeError):
        return None


def _key_of(row: Suggestion, columns: tuple[str, ...]) -> list:
    values = []
    for column in columns:
        value = getattr(row, column.lstrip("-"))
        values.append(value.isoformat() if isinstance(value, datetime) else value)
    return values


def _after(columns: tuple[str, ...], values: list, *, backwards: bool) -> Q:
    """Rows strictly after ``values`` in the order of ``columns`` (before, when backwards)."""
    (first, second) = columns
    first_name, second_name = first.lstrip("-"), second.lstrip("-")
    descending = first.startswith("-")
    forward_op = "lt" if descending else "gt"
    backward_op = "gt" if descending else "lt"
    op = backward_op if backwards else forward_op
    return Q(**{f"{first_name}__{op}": values[0]}) | Q(
        **{first_name: values[0], f"{second_name}__{op}": values[1]}
    )


def board_queryset(*, user, query: BoardQuery) -> QuerySet[Suggestion]:
    queryset = Suggestion.objects.visible_to(user).for_cards()
    for name, value in query.filters.items():
        queryset = queryset.filter(**{FILTER_FIELDS[name]: value})
    if query.search:
        search = search_query(query.search)
        if search is None:
            return queryset.none()
        queryset = queryset.filter(search_vector=search)
    return queryset


def board(*, user, query: BoardQuery, page_size: int = PAGE_SIZE) -> BoardPage:
    columns = ORDERINGS[query.ordering]
    queryset = board_queryset(user=user, query=query)

    decoded = _decode_cursor(query.cursor) if query.cursor else None
    backwards = False
    page_qs = queryset
    if decoded is not None:
        values, backwards = decoded
        page_qs = page_qs.filter(_after(columns, values, backwards=backwards))
    order = columns
    if backwards:
        order = tuple(c[1:] if c.startswith("-") else f"-{c}" for c in columns)
    rows = list(page_qs.order_by(*order)[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()

    next_cursor = previous_cursor = None
    if rows:
        if has_more or backwards:
            next_cursor = _encode_cursor(_key_of(rows[-1], columns))
        if decoded is not None and (not backwards or has_more):
            previous_cursor = _encode_cursor(_key_of(rows[0], columns), backwards=True)

    capped = list(queryset.order_by().values_list("id", flat=True)[: COUNT_CAP + 1])
    return BoardPage(
        rows=rows,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        count=min(len(capped), COUNT_CAP),
        count_capped=len(capped) > COUNT_CAP,
    )


def similar(*, text: str, user=None, limit: int = 5, exclude_id: int | None = None):
    """Up to ``limit`` public suggestions most like ``text``, each with a ``score`` (0–1)."""
    from django.contrib.postgres.search import SearchRank, TrigramSimilarity

    search = search_query(text, match_all=False)
    if search is None:
        return []
    queryset = Suggestion.objects.public().for_cards().filter(search_vector=search)
    if exclude_id:
        queryset = queryset.exclude(pk=exclude_id)
    # Rank only a bounded set of candidates: ranking every match of a common word at a
    # million rows is what makes similarity slow.
    candidates = queryset.order_by("-created_at").values_list("id", flat=True)[:200]
    return list(
        Suggestion.objects.for_cards()
        .filter(pk__in=list(candidates))
        .annotate(
            score=SearchRank(F("search_vector"), search) * 0.5
            + TrigramSimilarity("title", text[:200]) * 0.5
        )
        .order_by("-score", "-id")[:limit]
    )


def public_timeline(suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    return suggestion.events.filter(is_public=True).select_related("actor")


def timeline_for(user, suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    """Internal notes and non-public events only for the group and the coordinators."""
    from ideas.permissions import can_see_internal

    if can_see_internal(user, suggestion):
        return suggestion.events.select_related("actor")
    return public_timeline(suggestion)
