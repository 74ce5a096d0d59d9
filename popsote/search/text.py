"""Finnish-aware full text: lemmas into stored vectors, queries through the lexicon.

PostgreSQL's ``finnish`` snowball stemmer misses consonant gradation (``kotihoidon`` →
``kotihoido`` but ``kotihoito`` → ``kotihoito``), so a document is lemmatized with simplemma
where that is cheap (a worker, a bulk job) and stored as a tsvector of lemmas *and* surface
forms, plus snowball stems for Swedish and English texts (they catch compounds the Swedish
dictionary lacks: ``hemvårdstjänsterna`` → ``hemvårdstjänst``).

A query never loads simplemma (~5 s and ~420 MB per process): each query word becomes
"the word, or any lemma the lexicon knows for it, or its Swedish/English stem", read with one
indexed query. ``LexiconEntry`` learns every form met in a document, and ``manage.py
load_lexicon`` can fill it with the whole dictionaries. A word the lexicon has never seen occurs
in no document as such, so a long one also matches by its beginning (``hyvinvointialue`` finds
``hyvinvointialueen`` even where the lemmatizer went astray).

Vectors and queries are written out lexeme by lexeme (``'kotihoito':1A``, ``'kotiho':*``), so
the same Python tokenizer decides what a word is on both sides; no text parser of the database
reinterprets hyphens or apostrophes differently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery
from django.db import connection

LANGUAGES = ("fi", "sv", "en")
# Snowball dictionaries of PostgreSQL, for the languages whose stemmers work well.
STEMMERS = {"sv": "swedish_stem", "en": "english_stem"}
WORD = re.compile(r"[^\W_]+", re.UNICODE)
HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
MAX_QUERY_WORDS = 8
MIN_WORD = 2
MAX_WORD = 60
# A word unknown to the lexicon of at least this many letters also matches by its beginning,
# cut by up to PREFIX_CUT letters (Finnish endings; gradation changes the stem's last consonant).
PREFIX_MIN_WORD = 7
PREFIX_MIN = 5
PREFIX_CUT = 3
# The last word of an instant search is usually still being typed.
TYPING_PREFIX_MIN = 3
# tsvector limits: positions above 16383 are clamped, at most 256 positions per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS = 255

# Function words that would match nearly every document. Snowball's lists for the three
# languages would do too; these short ones cover what people type into a search box.
_STOPWORDS = """
    ja tai on ei se ne että kun jos niin kuin myös sekä mutta vaan ole ovat oli olisi olla
    minä sinä hän me te he tämä tuo mikä joka jotka siitä sitä sen niitä sille nyt vain jo
    och eller är inte det den att som när om så men också har var för med till på av en ett
    and or is not the a an of to in on for with at by from as be are was it this that
"""
STOPWORDS = frozenset(_STOPWORDS.split())


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order, stop words included (they take positions)."""
    normalized = unicodedata.normalize("NFC", text or "").lower()
    return [
        word
        for word in WORD.findall(normalized)
        if MIN_WORD <= len(word) <= MAX_WORD and HAS_LETTER.search(word)
    ]


def words(text: str) -> list[str]:
    """The searchable words of ``text``: tokens without stop words, each once, in order."""
    return [word for word in dict.fromkeys(tokens(text)) if word not in STOPWORDS]


# --- Documents ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _simplemma():
    # Imported here only: the web process never needs it (see the module docstring).
    import simplemma

    return simplemma


def lemmatize_words(forms: Iterable[str], language: str) -> dict[str, str]:
    """form → lemma for each distinct form, with simplemma (loads its dictionaries once)."""
    simplemma = _simplemma()
    fallback = "sv" if language == "fi" else "fi"
    lemmas = {}
    for form in set(forms):
        lemma = simplemma.lemmatize(form, lang=language).lower()
        if lemma == form:
            # Bilingual county: a Swedish word in a Finnish text still finds its lemma.
            lemma = simplemma.lemmatize(form, lang=fallback).lower()
        lemmas[form] = lemma
    return lemmas


def snowball_stems(forms: Iterable[str], language: str) -> dict[str, str]:
    """form → snowball stem for Swedish and English (empty for other languages): one query."""
    dictionary = STEMMERS.get(language)
    forms = sorted(set(forms))
    if dictionary is None or not forms:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT form, (ts_lexize(%s::regdictionary, form))[1] FROM unnest(%s::text[]) form",
            [dictionary, forms],
        )
        return {form: stem for form, stem in cursor.fetchall() if stem and stem != form}


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(
    fields: Sequence[tuple[str, str]], alternatives: Callable[[str], Iterable[str]]
) -> str:
    """A tsvector in PostgreSQL's text form for ``fields`` (text, weight A–D).

    Every word is stored as itself and as each of its ``alternatives`` (lemma, stem) at the
    same position, so ranking sees one word, and phrase distance stays right.
    """
    positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in fields:
        for token in tokens(text):
            position += 1
            if token in STOPWORDS:
                continue
            mark = f"{min(position, MAX_POSITION)}{weight}"
            for lexeme in {token, *alternatives(token)}:
                if not lexeme:
                    continue
                marks = positions.setdefault(lexeme, [])
                if len(marks) < MAX_POSITIONS:
                    marks.append(mark)
    return " ".join(f"{_lexeme(lexeme)}:{','.join(marks)}" for lexeme, marks in positions.items())


def document_vector(fields: Sequence[tuple[str, str]], language: str) -> tuple[str, dict]:
    """The lemmatized vector of a document and every form → lemma met (for the lexicon).

    Loads simplemma: call it in a worker or a bulk job, never while answering a web request.
    """
    forms = {token for text, _ in fields for token in tokens(text) if token not in STOPWORDS}
    lemmas = lemmatize_words(forms, language)
    stems = snowball_stems(forms, language)
    literal = vector_literal(fields, lambda token: (lemmas.get(token, ""), stems.get(token, "")))
    return literal, lemmas


def quick_vector(fields: Sequence[tuple[str, str]], language: str) -> str:
    """A vector without simplemma: the forms, the lemmas the lexicon already knows, stems.

    Makes a new suggestion findable at once, inflected forms included whenever they were met
    before; the worker's lemmatized vector replaces it moments later.
    """
    forms = {token for text, _ in fields for token in tokens(text) if token not in STOPWORDS}
    alternatives, _ = lookup(forms, stem_languages=(language,) if language in STEMMERS else ())
    return vector_literal(fields, lambda token: alternatives.get(token, ()))


def remember_forms(language: str, lemmas: Mapping[str, str]) -> None:
    """Teach the lexicon the forms met in a document (one statement, duplicates ignored).

    Forms that are their own lemma are kept too: a word the lexicon knows occurs in some
    document as such, so a query need not guess at its beginning (see ``query_alternatives``).
    """
    rows = sorted(
        (language, form, lemma)
        for form, lemma in lemmas.items()
        if form and lemma and len(form) <= 100 and len(lemma) <= 100
    )
    if not rows:
        return
    from psycopg2.extras import execute_values

    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            "INSERT INTO search_lexiconentry (language, form, lemma) VALUES %s "
            "ON CONFLICT (language, form) DO NOTHING",
            rows,
            page_size=1000,
        )


# --- Queries --------------------------------------------------------------------------------


def lookup(forms: Iterable[str], *, stem_languages=tuple(STEMMERS)):
    """For each form, its lemmas in the lexicon and its stems; and which forms the lexicon
    knows. One query, whatever the number of forms."""
    forms = sorted(set(forms))
    alternatives: dict[str, set[str]] = {form: set() for form in forms}
    known: set[str] = set()
    if not forms:
        return alternatives, known
    stem_sql = " || ".join(
        f"ts_lexize('{STEMMERS[language]}', q.form)" for language in stem_languages
    )
    stems = (
        f"UNION ALL SELECT q.form, s.stem, false FROM q, unnest({stem_sql}) AS s(stem)"  # noqa: S608
        if stem_sql
        else ""
    )
    with connection.cursor() as cursor:
        sql = (
            "WITH q(form) AS (SELECT unnest(%s::text[])) "
            "SELECT q.form, l.lemma, true FROM q JOIN search_lexiconentry l "
            "ON l.language = ANY(%s) AND l.form = q.form "
        )
        cursor.execute(sql + stems, [forms, list(LANGUAGES)])
        for form, alternative, from_lexicon in cursor.fetchall():
            if from_lexicon:
                known.add(form)
            if alternative and alternative != form:
                alternatives[form].add(alternative)
    return alternatives, known


@dataclass(frozen=True)
class Operand:
    """One way a query word may appear in a vector: a lexeme, or the beginning of one."""

    term: str
    prefix: bool = False

    def render(self, weights: str = "") -> str:
        marks = ("*" if self.prefix else "") + weights
        return _lexeme(self.term) + (f":{marks}" if marks else "")


class Alternatives(list):
    """The operands that may stand for one query ``word`` (a list of ``Operand``); ``known``
    tells whether the lexicon has met the word (an unknown one may be misspelt)."""

    def __init__(self, operands, *, word: str, known: bool):
        super().__init__(operands)
        self.word = word
        self.known = known


def query_alternatives(
    text: str, *, prefix_last: bool = False, max_words: int = MAX_QUERY_WORDS
) -> list[Alternatives]:
    """For each query word, the operands that may stand for it.

    The word, its lemmas and its stems; the beginning of a long word the lexicon has never met;
    and the last word as a beginning when it may still be being typed.
    """
    query_words = words(text)[:max_words]
    if not query_words:
        return []
    alternatives, known = lookup(query_words)
    groups = []
    for index, word in enumerate(query_words):
        operands = [Operand(term) for term in sorted({word, *alternatives[word]})]
        prefixes = set()
        if word not in known and len(word) >= PREFIX_MIN_WORD:
            prefixes.add(word[: max(PREFIX_MIN, len(word) - PREFIX_CUT)])
        if prefix_last and index == len(query_words) - 1 and len(word) >= TYPING_PREFIX_MIN:
            prefixes.add(word)
        operands += [Operand(prefix, prefix=True) for prefix in sorted(prefixes)]
        groups.append(Alternatives(operands, word=word, known=word in known))
    return groups


def any_of(group: Sequence[Operand], *, weights: str = "") -> str:
    """``('a' | 'b' | 'c':*)``; ``weights`` (like ``A``) limits matches to those parts."""
    return "(" + " | ".join(operand.render(weights) for operand in group) + ")"


def tsquery_text(groups: Sequence[Sequence[Operand]], *, match_all: bool = True) -> str:
    return (" & " if match_all else " | ").join(any_of(group) for group in groups)


class TsQuery(SearchQuery):
    """A tsquery given in PostgreSQL's text form: no parser or dictionary touches the words."""

    template = "%(expressions)s::tsquery"

    def __init__(self, text: str):
        super().__init__(text, search_type="raw")


def search_query(text: str, *, match_all: bool = True, prefix_last: bool = False):
    """A query for the stored vectors, or None when ``text`` has nothing searchable."""
    groups = query_alternatives(text, prefix_last=prefix_last)
    if not groups:
        return None
    return TsQuery(tsquery_text(groups, match_all=match_all))
