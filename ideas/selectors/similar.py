"""Similar suggestions, shown while a person writes a new one so that nobody suggests the same
thing twice. A bounded set of candidates is ranked (rare words first, then pairs, then close
spellings), so the cost does not grow with the number of suggestions.
"""

from __future__ import annotations

import itertools
import math

from django.db import OperationalError, connection, transaction
from django.db.models import (
    FloatField,
)
from django.db.models.expressions import RawSQL

from ideas.lifecycle import State
from ideas.models import Suggestion
from ideas.selectors.board import TABLE, with_card_relations
from popsote.search.text import any_of, query_alternatives

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
