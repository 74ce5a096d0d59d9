"""Full text for listings, from the published version only, kept like suggestions' vectors.

Publishing stores a quick vector at once (the words, and the lemmas the lexicon knows), and a
worker then stores the lemmatized one (``index_listing``); ``showroom.index_pending`` picks up
what a lost task missed. Bulk jobs (the demo) lemmatize many at once with ``index_listings``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from popsote.search.text import (
    document_vector,
    lemmatize_words,
    quick_vector,
    remember_forms,
    snowball_stems,
    tokens,
    vector_literal,
)
from showroom.models import Listing, ListingVersion

# The listings' texts are written in Finnish first; Swedish words still match by their form.
LANGUAGE = "fi"
# The name weighs most, then who it is for, then the rest.
WEIGHTED_FIELDS = (
    ("name", "A"),
    ("summary", "B"),
    ("description", "C"),
    ("how_to_get", "D"),
    ("in_use_at", "D"),
    ("cost_to_person", "D"),
)
UPDATE_SQL = (
    "UPDATE showroom_listing SET search_vector = %s::tsvector, indexed_at = {indexed_at} "
    "WHERE id = %s"
)


def weighted_texts(version: ListingVersion | None) -> list[tuple[str, str]]:
    if version is None:
        return []
    return [(getattr(version, field) or "", weight) for field, weight in WEIGHTED_FIELDS]


def set_quick_search_vector(listing: Listing) -> None:
    """Findable at once by the published version's words; the lemmatized vector follows."""
    literal = quick_vector(weighted_texts(listing.published), LANGUAGE)
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_SQL.format(indexed_at="NULL"), [literal, listing.pk])


def index_listing(listing: Listing) -> None:
    """Store the lemmatized vector of the published version and teach the lexicon its forms.
    Loads the lemmatizer: a worker's or a bulk job's work, never a request's."""
    literal, lemmas = document_vector(weighted_texts(listing.published), LANGUAGE)
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_SQL.format(indexed_at="now()"), [literal, listing.pk])
    remember_forms(LANGUAGE, lemmas)


def index_listings(listings: Iterable[Listing]) -> int:
    """Lemmatize many listings at once: each distinct word once."""
    listings = [listing for listing in listings if listing.published_id]
    forms: set[str] = set()
    for listing in listings:
        for text, _ in weighted_texts(listing.published):
            forms.update(tokens(text))
    lemmas = lemmatize_words(forms, LANGUAGE)
    stems = snowball_stems(forms, LANGUAGE)
    rows: dict[int, str] = defaultdict(str)
    for listing in listings:
        rows[listing.pk] = vector_literal(
            weighted_texts(listing.published),
            lambda token: (lemmas.get(token, ""), stems.get(token, "")),
        )
    with connection.cursor() as cursor:
        for pk, literal in rows.items():
            cursor.execute(UPDATE_SQL.format(indexed_at="now()"), [literal, pk])
    remember_forms(LANGUAGE, lemmas)
    return len(rows)
