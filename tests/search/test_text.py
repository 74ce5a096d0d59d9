"""The Finnish-aware text layer: words, stored vectors, the lexicon and queries."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from popsote.search import text
from popsote.search.management.commands.load_lexicon import dictionary_rows
from popsote.search.models import LexiconEntry
from popsote.search.text import Operand


def database(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# --- Words ----------------------------------------------------------------------------------


def test_it_splits_words_like_a_person_reads_them():
    assert text.tokens("Sote-keskuksen AULA: 24/7, ei 'jonoa'! Å ja ö") == [
        "sote",
        "keskuksen",
        "aula",
        "ei",
        "jonoa",
        "ja",
    ]


def test_it_drops_stop_words_and_repeats_from_query_words():
    assert text.words("Kotihoito ja kotihoito ja the services") == ["kotihoito", "services"]


def test_it_normalizes_composed_and_decomposed_letters_alike():
    decomposed = "ka\u0308ynti"  # ä as a + combining diaeresis

    assert text.tokens(decomposed) == ["käynti"]


# --- Documents ------------------------------------------------------------------------------


def test_it_writes_a_vector_with_weights_and_alternatives_at_the_same_position():
    literal = text.vector_literal(
        [("Kotihoidon iltakäynnit", "A"), ("ja kotihoidon", "B")],
        lambda token: {"kotihoidon": ["kotihoito"], "iltakäynnit": ["iltakäynti"]}.get(token, []),
    )

    # "ja" is a stop word: it is not stored but takes its position.
    assert sorted(literal.split(" ")) == [
        "'iltakäynnit':2A",
        "'iltakäynti':2A",
        "'kotihoidon':1A,4B",
        "'kotihoito':1A,4B",
    ]


@pytest.mark.django_db
def test_it_writes_vectors_that_postgresql_reads_back_unchanged():
    literal = text.vector_literal(
        [("Kotihoidon asiakkaat", "A"), ("O'Brien \\ test", "D")],
        lambda token: {"kotihoidon": ["kotihoito"], "brien": ["o'brien\\x"]}.get(token, []),
    )

    stored = database("SELECT %s::tsvector::text", literal)

    assert stored == database("SELECT %s::tsvector::text", stored)
    assert "'kotihoito':1A" in stored
    # "O" is too short to be a word; it takes no position.
    assert "'o''brien\\\\x':3" in stored
    assert database("SELECT %s::tsvector @@ %s::tsquery", literal, "'o''brien\\\\x'")


def test_it_keeps_at_most_the_positions_a_vector_can_hold():
    literal = text.vector_literal([("palvelu " * 400, "B")], lambda token: [])

    assert literal.count(",") == text.MAX_POSITIONS - 1


@pytest.mark.django_db
def test_it_lemmatizes_a_document_and_reports_the_forms_it_met():
    literal, lemmas = text.document_vector(
        [("Kotihoidon iltakäynnit", "A"), ("Vammaispalveluissa on jonoa.", "B")], "fi"
    )

    assert lemmas["kotihoidon"] == "kotihoito"
    assert lemmas["vammaispalveluissa"] == "vammaispalvelu"
    for lexeme in ("'kotihoito':1A", "'kotihoidon':1A", "'vammaispalvelu':3B"):
        assert lexeme in literal


@pytest.mark.django_db
def test_it_adds_snowball_stems_to_swedish_and_english_documents_only():
    swedish, _ = text.document_vector([("hemvårdstjänsterna", "A")], "sv")
    finnish, _ = text.document_vector([("hemvårdstjänsterna", "A")], "fi")

    assert "'hemvårdstjänst':1A" in swedish
    assert "'hemvårdstjänst'" not in finnish


@pytest.mark.django_db
def test_it_remembers_forms_once_and_keeps_the_first_lemma():
    text.remember_forms("fi", {"kotihoidon": "kotihoito", "kotihoito": "kotihoito"})
    text.remember_forms("fi", {"kotihoidon": "something-else", "": "x"})

    assert dict(LexiconEntry.objects.values_list("form", "lemma")) == {
        "kotihoidon": "kotihoito",
        "kotihoito": "kotihoito",
    }


@pytest.mark.django_db
def test_it_makes_a_quick_vector_from_what_the_lexicon_knows_without_the_lemmatizer(
    monkeypatch,
):
    LexiconEntry.objects.create(language="fi", form="kotihoidon", lemma="kotihoito")
    monkeypatch.setattr(text, "_simplemma", None)  # calling it would fail

    literal = text.quick_vector([("Kotihoidon iltavuorot", "A")], "fi")

    assert sorted(literal.split(" ")) == ["'iltavuorot':2A", "'kotihoidon':1A", "'kotihoito':1A"]


# --- Queries --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_turns_each_query_word_into_its_lemmas_and_stems_in_one_query(
    django_assert_num_queries,
):
    LexiconEntry.objects.create(language="fi", form="kotihoidossa", lemma="kotihoito")
    LexiconEntry.objects.create(language="sv", form="hemvården", lemma="hemvård")
    LexiconEntry.objects.create(language="en", form="services", lemma="service")

    with django_assert_num_queries(1):
        groups = text.query_alternatives("kotihoidossa hemvården services")

    # Every word gets the Swedish and English stems too: the query's language is unknown.
    assert groups == [
        [Operand("kotihoidoss"), Operand("kotihoidossa"), Operand("kotihoito")],
        [Operand("hemvård"), Operand("hemvården")],
        [Operand("servic"), Operand("service"), Operand("services")],
    ]


@pytest.mark.django_db
def test_it_matches_a_long_unknown_word_by_its_beginning_and_a_known_one_exactly():
    LexiconEntry.objects.create(language="fi", form="kotihoito", lemma="kotihoito")

    unknown, known = text.query_alternatives("hyvinvointialue kotihoito")

    assert Operand("hyvinvointia", prefix=True) in unknown
    assert not any(operand.prefix for operand in known)


@pytest.mark.django_db
def test_it_treats_the_last_word_as_a_beginning_while_typing():
    (first, last) = text.query_alternatives("koti hoi", prefix_last=True)

    assert Operand("hoi", prefix=True) in last
    assert not any(operand.prefix for operand in first)


@pytest.mark.django_db
def test_it_writes_a_query_postgresql_understands():
    query = text.tsquery_text(text.query_alternatives("kotihoidon asiak", prefix_last=True))

    assert database("SELECT %s::tsvector @@ %s::tsquery", "'kotihoidon':1 'asiakas':2", query)
    assert not database("SELECT %s::tsvector @@ %s::tsquery", "'kotihoidon':1", query)


@pytest.mark.django_db
def test_it_has_no_query_for_text_without_searchable_words():
    assert text.search_query("ja, on! 12 a") is None


@pytest.mark.django_db
def test_it_reads_at_most_a_few_query_words():
    groups = text.query_alternatives(" ".join(f"sana{n}" for n in range(20)))

    assert len(groups) == text.MAX_QUERY_WORDS


# --- Loading the dictionaries ---------------------------------------------------------------


@pytest.mark.django_db
def test_it_loads_a_dictionary_into_the_lexicon_and_keeps_learned_forms():
    learned, _ = next(dictionary_rows("en", 50))
    LexiconEntry.objects.create(language="en", form=learned, lemma="learned-lemma")
    out = StringIO()

    call_command("load_lexicon", language=["en"], limit=300, stdout=out)

    entries = LexiconEntry.objects.filter(language="en")
    assert entries.count() == 300
    assert entries.get(form=learned).lemma == "learned-lemma"
    assert all(
        form != lemma for form, lemma in entries.exclude(form=learned).values_list("form", "lemma")
    )
    assert "Lexicon: 299 new forms, 300 in all" in out.getvalue()

    call_command("load_lexicon", language=["en"], limit=300, stdout=StringIO())
    assert entries.count() == 300
