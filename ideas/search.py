"""Full text for suggestions: what goes into the stored vector and how it is kept fresh."""

from __future__ import annotations

from django.db import connection

from popsote.search.text import document_terms, remember_forms

# Title words weigh most, then the need, then the rest.
WEIGHTED_FIELDS = (
    ("title", "A"),
    ("description", "B"),
    ("proposed_solution", "C"),
    ("beneficiaries", "D"),
)


def quick_vector_sql(suggestion) -> tuple[str, list]:
    """The vector of the suggestion's own words, before lemmatization has run."""
    parts = " || ".join(
        f"setweight(to_tsvector('simple', %s), '{weight}')" for _, weight in WEIGHTED_FIELDS
    )
    params = [getattr(suggestion, field) or "" for field, _ in WEIGHTED_FIELDS]
    return (
        f"UPDATE ideas_suggestion SET search_vector = {parts} WHERE id = %s",  # noqa: S608
        [*params, suggestion.pk],
    )


def lemmatized_fields(suggestion) -> tuple[list[str], dict[str, str]]:
    """Each field as lemmas-and-forms text, and every form → lemma met on the way."""
    texts, lemmas = [], {}
    for field, _ in WEIGHTED_FIELDS:
        terms, found = document_terms(getattr(suggestion, field) or "", suggestion.language)
        texts.append(terms)
        lemmas.update(found)
    return texts, lemmas


def index_suggestion(suggestion) -> None:
    """Store the lemmatized vector and teach the lexicon the forms met."""
    texts, lemmas = lemmatized_fields(suggestion)
    parts = " || ".join(
        f"setweight(to_tsvector('simple', %s), '{weight}')" for _, weight in WEIGHTED_FIELDS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE ideas_suggestion SET search_vector = {parts}, indexed_at = now() "  # noqa: S608
            "WHERE id = %s",
            [*texts, suggestion.pk],
        )
    remember_forms(suggestion.language, lemmas)
