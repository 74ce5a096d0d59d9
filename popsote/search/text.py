"""Finnish-aware full text: lemmas into stored vectors, queries through the lexicon.

PostgreSQL's ``finnish`` snowball stemmer misses consonant gradation (``kotihoidon`` →
``kotihoido`` but ``kotihoito`` → ``kotihoito``), so documents are lemmatized with simplemma and
stored as a ``simple`` tsvector of lemmas *and* surface forms. Queries become lemmas through
``LexiconEntry`` (no dictionary in the web process) and fall back to the word itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery
from django.db import connection

LANGUAGES = ("fi", "sv", "en")
WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?", re.UNICODE)
MAX_QUERY_WORDS = 8
MIN_WORD = 2

# Function words that would match nearly every document. Snowball's lists for the three
# languages would do too; these short ones cover what people type into a search box.
_STOPWORDS_FI = "ja tai on ei se ne että kun jos niin kuin myös sekä mutta vaan ole ovat oli olisi"
_STOPWORDS_FI2 = "minä sinä hän me te he tämä tuo mikä joka jotka siitä sitä sen niitä sille"
_STOPWORDS_SV = "och eller är inte det den att som när om så men också har var för med till på av"
_STOPWORDS_EN = "and or is not the a an of to in on for with at by from as be are was it this that"
STOPWORDS = frozenset(
    " ".join([_STOPWORDS_FI, _STOPWORDS_FI2, _STOPWORDS_SV, _STOPWORDS_EN]).split()
)


def words(text: str) -> list[str]:
    normalized = unicodedata.normalize("NFC", text or "").lower()
    return [word for word in WORD.findall(normalized) if len(word) >= MIN_WORD]


@lru_cache(maxsize=1)
def _simplemma():
    import simplemma

    return simplemma


def lemmatize_words(tokens: Iterable[str], language: str) -> dict[str, str]:
    """form → lemma for each distinct form, with simplemma (loads the dictionary once)."""
    simplemma = _simplemma()
    languages = (language, *[other for other in LANGUAGES if other != language])[:2]
    lemmas = {}
    for form in set(tokens):
        lemma = simplemma.lemmatize(form, lang=languages[0]).lower()
        if lemma == form and len(languages) > 1:
            # Bilingual county: a Swedish word in a Finnish text still finds its lemma.
            lemma = simplemma.lemmatize(form, lang=languages[1]).lower()
        lemmas[form] = lemma
    return lemmas


def document_terms(text: str, language: str) -> tuple[str, dict[str, str]]:
    """The text as a space-separated list of lemmas and forms, and the form → lemma map."""
    tokens = words(text)
    lemmas = lemmatize_words(tokens, language)
    terms: list[str] = []
    for token in tokens:
        lemma = lemmas[token]
        terms.append(lemma)
        if lemma != token:
            terms.append(token)
    return " ".join(terms), lemmas


def remember_forms(language: str, lemmas: dict[str, str]) -> None:
    """Add the forms met in a document to the lexicon (one statement, duplicates ignored)."""
    rows = [(language, form[:100], lemma[:100]) for form, lemma in lemmas.items() if form != lemma]
    if not rows:
        return
    from psycopg2.extras import execute_values

    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            "INSERT INTO search_lexiconentry (language, form, lemma) VALUES %s "
            "ON CONFLICT (language, form) DO NOTHING",
            rows,
        )


def query_lemmas(text: str) -> list[set[str]]:
    """For each query word, the alternatives to look for: the word and its known lemmas."""
    from popsote.search.models import LexiconEntry

    tokens = [word for word in dict.fromkeys(words(text)) if word not in STOPWORDS]
    tokens = tokens[:MAX_QUERY_WORDS]
    if not tokens:
        return []
    known: dict[str, set[str]] = {}
    for form, lemma in LexiconEntry.objects.filter(form__in=tokens).values_list("form", "lemma"):
        known.setdefault(form, set()).add(lemma)
    return [{token, *known.get(token, ())} for token in tokens]


def _quote(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "") + "'"


def to_tsquery_text(alternatives: list[set[str]], *, match_all: bool = True, prefix_last=False):
    groups = []
    for index, options in enumerate(alternatives):
        last = index == len(alternatives) - 1
        parts = [
            _quote(option) + (":*" if prefix_last and last and len(option) >= 3 else "")
            for option in sorted(options)
        ]
        groups.append("(" + " | ".join(parts) + ")")
    return (" & " if match_all else " | ").join(groups)


def search_query(text: str, *, match_all: bool = True, prefix_last: bool = False):
    """A ``SearchQuery`` for the ``simple`` configuration, or None when nothing is searchable."""
    alternatives = query_lemmas(text)
    if not alternatives:
        return None
    raw = to_tsquery_text(alternatives, match_all=match_all, prefix_last=prefix_last)
    return SearchQuery(raw, search_type="raw", config="simple")
