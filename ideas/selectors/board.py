"""The board: public suggestions, filtered, searched and paged.

The board lists *public* suggestions, for everybody: a person's own private suggestions and a
group's queue are other lists. It is shaped to stay fast at a million rows (see ``manage.py
benchmark_suggestions``):

- it pages by keyset (a cursor holding the last row's sort key, compared as a row
  value so that PostgreSQL walks an index), never by OFFSET, and counts only up to
  ``COUNT_CAP``, or not at all when the planner expects far more (see ``board``);
- filters compare term ids (read first, in one query), so an index on ``(term, created_at)``
  serves both the filter and the order, and the planner knows how common each term is;
- search reads the stored, lemmatized vector (``ideas.services.indexing``); nothing is computed
  per row.

Query counts do not grow with rows: a page's rows are read from the one table, and their terms,
challenge, group and submitter with one query each (``with_card_relations``). Joining those
seven tables instead costs ~90 ms of *planning* per query (PostgreSQL weighs every join order),
far more than the few small queries.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL

from ideas.lifecycle import State
from ideas.models import Challenge, Suggestion
from popsote.search.text import search_query
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

PAGE_SIZE = 20
COUNT_CAP = 1000
# From this many expected rows (and ten times the cap) the planner's estimate is trusted:
# nothing is counted and the page walks an index in order.
ESTIMATE_TRUSTED_FROM = 10_000
# Up to this many matches are sorted rather than found by walking an index in order (the two
# cost the same near sqrt(page size × rows): 4 600 at a million rows).
SORT_AT_MOST = 5_000

ORDERINGS = {
    # name: the keyset columns, in the order of the page
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-supports": ("-support_count", "-id"),
}
DEFAULT_ORDERING = "-created"
# SQL types of the keyset columns, for the cursor's values.
COLUMN_TYPES = {"created_at": "timestamptz", "support_count": "integer", "id": "bigint"}

FILTER_FIELDS = {
    # query parameter: lookup on the code of the taxonomy term or the value itself
    "area": "area__code",
    "service_area": "service_area__code",
    "kind": "kind__code",
    "stakeholder_group": "stakeholder_group__code",
    "state": "state",
    "challenge": "challenge__slug",
}
# The term tables behind the filters: their ids are looked up first (``_term_ids``), so that
# the planner can walk ``(area_id, created_at)`` in order instead of joining and sorting.
FILTER_TERMS = {
    "area": (Area, "code"),
    "service_area": (ServiceArea, "code"),
    "kind": (SuggestionKind, "code"),
    "stakeholder_group": (StakeholderGroup, "code"),
    "challenge": (Challenge, "slug"),
}
TABLE = Suggestion._meta.db_table
EXCERPT_LENGTH = 220
STATE_LABELS = dict(State.choices)
# What a card shows besides the suggestion's own columns (see ``ideas/_card.html``).
CARD_RELATIONS = (
    "kind",
    "area",
    "service_area",
    "stakeholder_group",
    "challenge",
    "group",
    "submitter",
)


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of ``text`` on one line, cut at a word (cheaper than ``truncatechars``)."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,.;:–-") + "…"


def with_card_relations(rows: list[Suggestion], known: dict | None = None) -> list[Suggestion]:
    """Attach what the cards show to ``rows``: an ``excerpt``, and the related objects with one
    small query per relation that has a value.

    ``known`` ({relation: {id: object}}) holds objects the caller has read already (the board's
    filters list every term), which then cost no query.
    """
    for row in rows:
        row.excerpt = excerpt(row.description)
        # ``get_state_display`` rebuilds a dict of every state's label each time it is called.
        row.state_label = STATE_LABELS.get(row.state, row.state)
    for relation, objects in (known or {}).items():
        for row in rows:
            found = objects.get(getattr(row, f"{relation}_id"))
            if found is not None:
                setattr(row, relation, found)
    prefetch_related_objects(rows, *CARD_RELATIONS)
    return rows


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
            name: str(params.get(name, "")).strip()
            for name in FILTER_FIELDS
            if str(params.get(name, "") or "").strip()
        }
        ordering = params.get("ordering", "")
        return cls(
            filters=filters,
            search=str(params.get("search", "") or "").strip()[:200],
            ordering=ordering if ordering in ORDERINGS else DEFAULT_ORDERING,
            cursor=str(params.get("cursor", "") or ""),
        )


@dataclass
class BoardPage:
    rows: list[Suggestion]
    next_cursor: str | None
    previous_cursor: str | None
    # Exact up to COUNT_CAP; ``count_capped`` says the real number is larger.
    count: int
    count_capped: bool


# --- Cursors --------------------------------------------------------------------------------


def _encode_cursor(values: list, *, backwards: bool = False) -> str:
    payload = json.dumps({"v": values, "b": backwards}, default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, columns: tuple[str, ...]) -> tuple[list, bool] | None:
    """The cursor's values, checked against the columns of the ordering; None if unusable (a
    cursor of another ordering, or one edited by hand: the first page is shown)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        values, backwards = list(payload["v"]), bool(payload.get("b"))
        if len(values) != len(columns):
            return None
        for column, value in zip(columns, values, strict=True):
            if COLUMN_TYPES[column.lstrip("-")] == "timestamptz":
                datetime.fromisoformat(value)
            elif not isinstance(value, int) or isinstance(value, bool):
                return None
        return values, backwards
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        return None


def _key_of(row: Suggestion, columns: tuple[str, ...]) -> list:
    values = []
    for column in columns:
        value = getattr(row, column.lstrip("-"))
        values.append(value.isoformat() if isinstance(value, datetime) else value)
    return values


def _beyond(columns: tuple[str, ...], values: list, *, backwards: bool) -> RawSQL:
    """Rows strictly after ``values`` in the order of ``columns`` (before, when backwards), as
    one row comparison: PostgreSQL turns ``(created_at, id) < (%s, %s)`` into an index bound."""
    names = [column.lstrip("-") for column in columns]
    descending = columns[0].startswith("-")
    operator = "<" if descending != backwards else ">"
    left = ", ".join(f'"{TABLE}"."{name}"' for name in names)
    right = ", ".join(f"%s::{COLUMN_TYPES[name]}" for name in names)
    # Only constants are formatted in: names of our columns and types.
    return RawSQL(f"({left}) {operator} ({right})", values, output_field=BooleanField())  # noqa: S611


# --- The board ------------------------------------------------------------------------------


def _term_ids(filters: dict[str, str], known: dict | None = None) -> dict[str, int]:
    """The ids of the filtered terms, from ``known`` or in one query. As literal values (rather
    than subqueries) they let the planner use the column statistics: it then knows that "Oulu"
    is a third of the rows and walks the index in order instead of building bitmaps."""
    ids = {}
    for name, value in filters.items():
        for term in (known or {}).get(name, {}).values():
            if term.code == value:
                ids[name] = term.pk
    wanted = [
        (name, value) for name, value in filters.items() if name in FILTER_TERMS and name not in ids
    ]
    if not wanted:
        return ids
    selects, params = [], []
    for name, value in wanted:
        model, key = FILTER_TERMS[name]
        selects.append(f"SELECT %s, id FROM {model._meta.db_table} WHERE {key} = %s")  # noqa: S608
        params += [name, value]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return {**ids, **dict(cursor.fetchall())}


def board_queryset(
    *, user=None, query: BoardQuery, known: dict | None = None
) -> QuerySet[Suggestion]:
    """Public suggestions matching the filters and the search, unordered.

    ``user`` is accepted for symmetry with the other lists; the public board shows the same
    public suggestions to everybody. ``known`` as in ``with_card_relations``.
    """
    queryset = Suggestion.objects.public()
    term_ids = _term_ids(query.filters, known)
    for name, value in query.filters.items():
        if name in FILTER_TERMS:
            if name not in term_ids:  # an unknown code matches nothing
                return queryset.none()
            queryset = queryset.filter(**{f"{name}_id": term_ids[name]})
        else:
            queryset = queryset.filter(**{FILTER_FIELDS[name]: value})
    if query.search:
        search = search_query(query.search, prefix_last=True)
        if search is None:
            return queryset.none()
        queryset = queryset.filter(search_vector=search)
    return queryset


def estimated_rows(queryset: QuerySet) -> float:
    """The planner's estimate of the rows ``queryset`` matches (EXPLAIN; nothing is read)."""
    try:
        sql, params = queryset.order_by().values_list("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def board(
    *, user=None, query: BoardQuery, page_size: int = PAGE_SIZE, known: dict | None = None
) -> BoardPage:
    """One page of the public board; ``known`` as in ``with_card_relations``.

    How the page is read depends on how many rows match, which the planner guesses well for
    plain filters and words but badly for a word being typed (a prefix): told "a few thousand"
    for a word in 120 rows of a million, it walks the newest-first index and reads 150 000 rows
    (0.7 s). So: when the planner expects many more rows than the cap (``ESTIMATE_TRUSTED_FROM``)
    nothing is counted and the page walks the index in order, stopping after a page. Otherwise
    the sort keys of the matches are read, up to ``SORT_AT_MOST`` of them, in one scan of the
    GIN index: that is the count, and the page is cut from them here. More matches than that,
    and walking the index in order finds a page soon enough.
    """
    columns = ORDERINGS[query.ordering]
    queryset = board_queryset(user=user, query=query, known=known)
    decoded = _decode_cursor(query.cursor, columns) if query.cursor else None

    counted = keys = None
    if estimated_rows(queryset) < max(COUNT_CAP * 10, ESTIMATE_TRUSTED_FROM):
        names = [column.lstrip("-") for column in columns]
        found = list(queryset.order_by().values_list(*names)[: max(SORT_AT_MOST, COUNT_CAP) + 1])
        counted = len(found)
        if counted <= SORT_AT_MOST:
            keys = found

    if keys is not None:
        ids, has_more, backwards = _page_of_keys(keys, columns, decoded, page_size)
        by_id = queryset.defer("search_vector").in_bulk(ids)
        rows = [by_id[pk] for pk in ids]
    else:
        rows, has_more, backwards = _page_by_index(queryset, columns, decoded, page_size)

    next_cursor = previous_cursor = None
    if rows:
        if has_more or backwards:
            next_cursor = _encode_cursor(_key_of(rows[-1], columns))
        if decoded is not None and (not backwards or has_more):
            previous_cursor = _encode_cursor(_key_of(rows[0], columns), backwards=True)

    return BoardPage(
        rows=with_card_relations(rows, known),
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        count=COUNT_CAP if counted is None else min(counted, COUNT_CAP),
        count_capped=counted is None or counted > COUNT_CAP,
    )


def _page_by_index(queryset, columns, decoded, page_size):
    """A page read in the order of an index, from the cursor on: (rows, has_more, backwards)."""
    backwards = False
    if decoded is not None:
        values, backwards = decoded
        queryset = queryset.filter(_beyond(columns, values, backwards=backwards))
    order = columns
    if backwards:
        order = tuple(c[1:] if c.startswith("-") else f"-{c}" for c in columns)
    rows = list(queryset.defer("search_vector").order_by(*order)[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
    return rows, has_more, backwards


def _page_of_keys(keys, columns, decoded, page_size):
    """A page cut from every match's sort key (``keys``, tuples ending in the id), in the
    board's order: (ids, has_more, backwards)."""
    descending = columns[0].startswith("-")
    keys = sorted(keys, reverse=descending)
    if decoded is None:
        return [key[-1] for key in keys[:page_size]], len(keys) > page_size, False
    values, backwards = decoded
    bound = tuple(
        datetime.fromisoformat(value)
        if COLUMN_TYPES[column.lstrip("-")] == "timestamptz"
        else value
        for column, value in zip(columns, values, strict=True)
    )
    if backwards:
        before = [key for key in keys if (key > bound if descending else key < bound)]
        return [key[-1] for key in before[-page_size:]], len(before) > page_size, True
    after = [key for key in keys if (key < bound if descending else key > bound)]
    return [key[-1] for key in after[:page_size]], len(after) > page_size, False
