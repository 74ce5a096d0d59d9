"""Full text for suggestions: what goes into the stored vector and how it is kept fresh.

A new suggestion gets a quick vector at once (its words, and the lemmas the lexicon already
knows); a worker then stores the lemmatized one (``index_suggestion``). Bulk jobs (demo data,
the benchmark) lemmatize many at once with ``index_suggestions``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from ideas.models import (
    Suggestion,
)
from popsote.search.text import (
    document_vector,
    lemmatize_words,
    quick_vector,
    remember_forms,
    snowball_stems,
    tokens,
    vector_literal,
)


def set_quick_search_vector(suggestion: Suggestion) -> None:
    """Searchable at once by its own words; the lemmatized vector follows from the worker."""
    sql, params = quick_vector_sql(suggestion)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# Title words weigh most, then the need, then the rest.
WEIGHTED_FIELDS = (
    ("title", "A"),
    ("description", "B"),
    ("proposed_solution", "C"),
    ("beneficiaries", "D"),
)
UPDATE_SQL = (
    "UPDATE ideas_suggestion SET search_vector = %s::tsvector, indexed_at = {indexed_at} "
    "WHERE id = %s"
)


def weighted_texts(suggestion) -> list[tuple[str, str]]:
    return [(getattr(suggestion, field) or "", weight) for field, weight in WEIGHTED_FIELDS]


def quick_vector_sql(suggestion) -> tuple[str, list]:
    """The statement that stores a vector made without the lemmatizer (one lexicon query)."""
    literal = quick_vector(weighted_texts(suggestion), suggestion.language)
    return UPDATE_SQL.format(indexed_at="NULL"), [literal, suggestion.pk]


def index_suggestion(suggestion) -> None:
    """Store the lemmatized vector and teach the lexicon the forms met."""
    literal, lemmas = document_vector(weighted_texts(suggestion), suggestion.language)
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_SQL.format(indexed_at="now()"), [literal, suggestion.pk])
    remember_forms(suggestion.language, lemmas)


def index_suggestions(suggestions: Iterable) -> int:
    """Lemmatize many suggestions at once: each distinct word once, one UPDATE per thousand."""
    from psycopg2.extras import execute_values

    suggestions = list(suggestions)
    forms: dict[str, set[str]] = defaultdict(set)
    for suggestion in suggestions:
        for text, _ in weighted_texts(suggestion):
            forms[suggestion.language].update(tokens(text))
    lemmas = {language: lemmatize_words(found, language) for language, found in forms.items()}
    stems = {language: snowball_stems(found, language) for language, found in forms.items()}

    rows = []
    for suggestion in suggestions:
        language_lemmas = lemmas[suggestion.language]
        language_stems = stems[suggestion.language]
        literal = vector_literal(
            weighted_texts(suggestion),
            lambda token, ll=language_lemmas, ls=language_stems: (
                ll.get(token, ""),
                ls.get(token, ""),
            ),
        )
        rows.append((suggestion.pk, literal))
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            "UPDATE ideas_suggestion AS s SET search_vector = v.vector::tsvector, "
            "indexed_at = now() FROM (VALUES %s) AS v(id, vector) WHERE s.id = v.id",
            rows,
            page_size=1000,
        )
    for language, found in lemmas.items():
        remember_forms(language, found)
    return len(rows)
