"""Reads about suggestions: the board, search, similar suggestions, a suggestion's timeline and
its answer.

The board and similar suggestions list *public* suggestions, for everybody: a person's own
private suggestions and a group's queue are other lists. Both are shaped to stay fast at a
million rows (see ``manage.py benchmark_suggestions``):

- the board pages by keyset (a cursor holding the last row's sort key, compared as a row
  value so that PostgreSQL walks an index), never by OFFSET, and counts only up to
  ``COUNT_CAP``, or not at all when the planner expects far more (see ``board``);
- filters compare term ids (read first, in one query), so an index on ``(term, created_at)``
  serves both the filter and the order, and the planner knows how common each term is;
- search reads the stored, lemmatized vector (``ideas.search``); nothing is computed per row;
- similar suggestions rank a bounded set of candidates (see ``similar``).

Query counts do not grow with rows: a page's rows are read from the one table, and their terms,
challenge, group and submitter with one query each (``with_card_relations``). Joining those
seven tables instead costs ~90 ms of *planning* per query (PostgreSQL weighs every join order),
far more than the few small queries.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection, transaction
from django.db.models import (
    BooleanField,
    Exists,
    FloatField,
    OuterRef,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL

from ideas.lifecycle import DECISION_ACTIONS, Action, State
from ideas.models import Challenge, Suggestion, SuggestionEvent
from ideas.permissions import can_see_internal
from popsote.search.text import any_of, query_alternatives, search_query
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
ACTION_LABELS = dict(Action.choices)
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


# --- Similar suggestions --------------------------------------------------------------------

SIMILAR_MIN_CHARS = 5
SIMILAR_MAX_WORDS = 12
# Candidates come from the rarest words (and the rarest of those the statistics list, which
# surely occur): every pair of them, and each alone.
PAIRED_WORDS = 6
RARE_WORDS = 4
SEEN_WORDS = 3
CANDIDATE_SHARE = 0.02
COMMON_SHARE = 0.2
CANDIDATES_PER_TIER = 200
TRIGRAM_CANDIDATES = 20
# How long the typo search by trigrams may take. How alike a title's word must be is pg_trgm's
# word_similarity_threshold (0.6 unless the database says otherwise).
TYPO_TIMEOUT_MS = 25
# Below this a suggestion shares too little to be called similar.
MIN_SCORE = 0.1
TEXT_WEIGHT = 0.75
TITLE_SIMILARITY_WEIGHT = 0.25
# A word also found in the title counts this much more.
TITLE_BONUS = 0.5
SIMILAR_STATES_EXCLUDED = (State.WITHDRAWN, State.MERGED)


def word_frequencies(lexemes: list[str]) -> tuple[dict[str, float], float | None]:
    """Share of suggestions whose vector holds each lexeme, from PostgreSQL's statistics of the
    column (its most common elements, refreshed by ANALYZE), and the smallest share listed
    there: a lexeme that is not listed is rarer than that. ({}, None) without statistics."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.elem, u.freq, "
            "s.most_common_elem_freqs[array_length(s.most_common_elems, 1) + 1] "
            "FROM pg_stats s LEFT JOIN LATERAL unnest("
            "s.most_common_elems::text::text[], s.most_common_elem_freqs"
            ") AS u(elem, freq) ON u.elem = ANY(%s) "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s "
            "AND s.attname = 'search_vector'",
            [lexemes, TABLE],
        )
        rows = cursor.fetchall()
    frequencies = {elem: freq for elem, freq, _ in rows if elem is not None}
    smallest = rows[0][2] if rows else None
    return frequencies, smallest


def _lexemes(group) -> list[str]:
    return [operand.term for operand in group if not operand.prefix]


def _any_combination(groups, size: int) -> str:
    """A tsquery matching rows that hold every word of at least one ``size``-combination."""
    return " | ".join(
        "(" + " & ".join(any_of(group) for group in combination) + ")"
        for combination in itertools.combinations(groups, size)
    )


def _typo_candidates(words: list[str], where: str, where_params: list) -> list[int]:
    """Rows whose title holds a word like one of ``words`` (query words the lexicon has never
    met: perhaps misspelt), by the trigram GIN index on the title.

    Time-boxed: a trigram index scan reads the posting lists of every trigram of the word, and
    common trigrams occur in much of the table (measured: 2–15 ms a word at 100 000 rows, ten
    times that at a million). A search that takes longer than ``TYPO_TIMEOUT_MS`` gives up and
    contributes nothing; the full-text candidates still stand.
    """
    conditions = " OR ".join(f'%s <%% "{TABLE}"."title"' for _ in words)
    sql = (
        f'SELECT "{TABLE}"."id" FROM "{TABLE}" WHERE {where} AND ({conditions}) '  # noqa: S608
        f"LIMIT {TRIGRAM_CANDIDATES}"
    )
    # A transaction of its own (or a savepoint in the caller's) keeps the time limit local.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), "
            "set_config('statement_timeout', %s, true)",
            [f"{TYPO_TIMEOUT_MS}ms"],
        )
        timeout, _ = cursor.fetchone()
        try:
            with transaction.atomic():  # a savepoint: a cancelled search leaves no harm
                cursor.execute(sql, [*where_params, *words])
                found = [row[0] for row in cursor.fetchall()]
        except OperationalError:  # the statement timeout
            found = []
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])
    return found


def similar(
    *,
    text: str,
    user=None,
    limit: int = 5,
    exclude_id: int | None = None,
    title: str = "",
) -> list[Suggestion]:
    """Up to ``limit`` public suggestions most like ``text``, each with a ``score`` (0–1).

    Fast at a million rows because nothing is ranked but a bounded candidate set, found in the
    GIN index of the stored vectors: the rows that share a pair of the query's rarest words, or
    one of them (at most ``CANDIDATES_PER_TIER`` each). Words the lexicon has
    never met may be misspelt: titles with a word like them come from the trigram GIN index on
    the title, within a time limit (``_typo_candidates``). The candidates are then scored by the
    words they share, each weighted by its rarity (idf from the column's statistics) and more
    when in the title, and by the trigram similarity of the titles. ``title`` is the typed title
    when known; otherwise the text's start stands for it.
    """
    text = " ".join([title, text]).strip() if title and title not in text else text.strip()
    if len(text) < SIMILAR_MIN_CHARS:
        return []
    groups = query_alternatives(text, max_words=SIMILAR_MAX_WORDS)
    if not groups:
        return []
    frequencies, smallest = word_frequencies(
        sorted({lexeme for group in groups for lexeme in _lexemes(group)})
    )
    weights, shares = [], []
    for group in groups:
        share = sum(frequencies.get(lexeme, 0.0) for lexeme in _lexemes(group))
        shares.append(share)
        if smallest is None:
            weights.append(1.0)
            continue
        weights.append(max(math.log(1 / min(max(share, smallest), 1.0)), 0.05))

    # Candidates come from rare words: the GIN index reads a word's whole list of rows, so a
    # word in a tenth of a million rows would cost more than everything else. A word missing
    # from the statistics is rarer than any listed (or in no suggestion at all); the rarest
    # listed ones below CANDIDATE_SHARE surely occur, and come along.
    by_rarity = sorted(range(len(groups)), key=lambda index: -weights[index])
    unlisted = [index for index in by_rarity if shares[index] == 0][:RARE_WORDS]
    listed = [index for index in by_rarity if 0 < shares[index] <= CANDIDATE_SHARE][:SEEN_WORDS]
    # Too few words surely there: commoner ones join, but only in pairs and triples, whose
    # rows are far fewer than either word's.
    common = [
        index
        for index in by_rarity
        if CANDIDATE_SHARE < shares[index] <= COMMON_SHARE and index not in listed
    ][: max(0, 2 - len(listed))]
    alone = [groups[index] for index in unlisted + listed]
    together = [groups[index] for index in unlisted + listed + common]
    if not together:  # every word is in a fifth of the rows or more: the two rarest, together
        together = [groups[index] for index in by_rarity[:2]]
        alone = together if len(together) == 1 else []
    # Every pair of them, and each alone. (Triples, tried too, cost a GIN scan of 100 ms at a
    # million rows: the index evaluates the whole query for every row of every word's list.)
    tiers = [_any_combination(together[:PAIRED_WORDS], 2)] if len(together) >= 2 else []
    if alone:
        tiers.append(_any_combination(alone, 1))
    typed_title = (title or text)[:200]

    where = (
        f'NOT "{TABLE}"."is_private" AND NOT "{TABLE}"."is_hidden" '
        f'AND "{TABLE}"."state" NOT IN ({", ".join(["%s"] * len(SIMILAR_STATES_EXCLUDED))})'
    )
    where_params: list = [str(state) for state in SIMILAR_STATES_EXCLUDED]
    if exclude_id:
        where += f' AND "{TABLE}"."id" <> %s'
        where_params.append(exclude_id)
    selects, params = [], []
    for tier in tiers:
        selects.append(
            f'(SELECT "{TABLE}"."id" FROM "{TABLE}" WHERE {where} '  # noqa: S608
            f'AND "{TABLE}"."search_vector" @@ %s::tsquery LIMIT {CANDIDATES_PER_TIER})'
        )
        params += [*where_params, tier]
    unknown = [group.word for group in groups if not group.known and len(group.word) >= 5]
    if unknown:
        selects.append("(SELECT unnest(%s::bigint[]))")
        params.append(_typo_candidates(unknown[:3], where, where_params))
    # The SQL strings above hold only constants; every value is a parameter.
    candidates = RawSQL(" UNION ".join(selects), params)  # noqa: S611

    total = sum(weights) * (1 + TITLE_BONUS)
    terms, score_params = [], []
    for group, weight in zip(groups, weights, strict=True):
        terms.append(
            f'(CASE WHEN "{TABLE}"."search_vector" @@ %s::tsquery THEN {weight:.6f} ELSE 0 END'
            f' + CASE WHEN "{TABLE}"."search_vector" @@ %s::tsquery '
            f"THEN {weight * TITLE_BONUS:.6f} ELSE 0 END)"
        )
        score_params += [any_of(group), any_of(group, weights="A")]
    score_sql = (
        f"({TEXT_WEIGHT} * ({' + '.join(terms)}) / {total:.6f} "
        f'+ {TITLE_SIMILARITY_WEIGHT} * similarity("{TABLE}"."title", %s))'
    )
    score = RawSQL(score_sql, [*score_params, typed_title], output_field=FloatField())  # noqa: S611
    return with_card_relations(
        list(
            Suggestion.objects.defer("search_vector")
            .filter(pk__in=candidates)
            .annotate(score=score)
            .filter(score__gte=MIN_SCORE)
            .order_by("-score", "-support_count", "-id")[:limit]
        )
    )


# --- Timelines ------------------------------------------------------------------------------


def public_timeline(suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    return suggestion.events.filter(is_public=True).select_related("actor")


def timeline_for(user, suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    """Internal notes and non-public events only for the group and the coordinators."""
    if can_see_internal(user, suggestion):
        return suggestion.events.select_related("actor")
    return public_timeline(suggestion)


# --- The answer -----------------------------------------------------------------------------

# Moves whose public message answers the submitter and the public: the decision, and the news
# of its implementation that follows it.
ANSWER_ACTIONS = DECISION_ACTIONS | {Action.START_IMPLEMENTATION, Action.MARK_DEPLOYED}


@dataclass(frozen=True)
class Answer:
    """What the handler group answered a decided suggestion, for the top of its pages."""

    # The event with the latest public message of a decision or of its implementation; None
    # when none has one (every decision needs a message, but rows may come from elsewhere).
    event: SuggestionEvent | None
    # Answered by an existing solution: where it is, an http(s) address; else "".
    solution_link: str = ""
    # Not taken forward: the reason chosen from the county's list; else "".
    reason: str = ""
    # The move the message came with ("Implementation started", say), when the state beside
    # the answer does not already say it; else "".
    what: str = ""

    @property
    def solution_host(self) -> str:
        """The site the solution link leads to, said next to it: people see where they go."""
        return urlsplit(self.solution_link).hostname or ""


def answer_of(suggestion: Suggestion, timeline: Sequence[SuggestionEvent]) -> Answer | None:
    """The answer of a decided ``suggestion``, read from its ``timeline`` (its events oldest
    first, which its page reads anyway: the answer costs no query). None while the suggestion
    is open or once withdrawn, and when nothing was answered.

    Reads ``suggestion.not_advanced_reason``: select it with the suggestion."""
    if not suggestion.is_decided:
        return None
    event = next(
        (
            event
            for event in reversed(timeline)
            if event.is_public and event.action in ANSWER_ACTIONS and event.public_message
        ),
        None,
    )
    link = suggestion.solution_link if suggestion.state == State.EXISTING_SOLUTION else ""
    # The service accepts only http(s) addresses; one edited in elsewhere is not made a link.
    if urlsplit(link).scheme not in ("http", "https") or not urlsplit(link).hostname:
        link = ""
    reason = ""
    if suggestion.state == State.NOT_ADVANCED and suggestion.not_advanced_reason_id:
        reason = suggestion.not_advanced_reason.label
    if event is None and not link and not reason:
        return None
    what = ""
    if event is not None and event.to_state != suggestion.state:
        what = ACTION_LABELS.get(event.action, event.action)
    return Answer(event=event, solution_link=link, reason=reason, what=what)


def merged_into_this(user, suggestion: Suggestion) -> list[Suggestion]:
    """The suggestions merged into ``suggestion`` that ``user`` may see, oldest first, in one
    query."""
    return list(
        Suggestion.objects.visible_to(user)
        .filter(merged_into=suggestion)
        .only("reference", "title", "language", "created_at")
        .order_by("created_at", "id")
    )


def has_merged_into_this():
    """An annotation for the query that reads a suggestion for its page: whether anything was
    merged into it, so that the page reads the list only when there is one."""
    return Exists(Suggestion.objects.filter(merged_into=OuterRef("pk")))
