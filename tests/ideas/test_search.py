"""Search on the board understands inflection: Finnish, Swedish and English, end to end."""

from __future__ import annotations

import logging
import re
import sys

import pytest

from ideas.models import Suggestion
from ideas.tasks import index_pending
from popsote.search import text
from popsote.search.models import LexiconEntry
from tests.search.factories import make_suggestion

pytestmark = pytest.mark.django_db

BOARD = "/suggestions/"


def found(client, query: str, **params) -> set[str]:
    response = client.get(BOARD, {"search": query, **params})
    assert response.status_code == 200
    return set(
        re.findall(r'class="suggestion-card__reference">([^<]+)<', response.content.decode())
    )


@pytest.fixture
def finnish(django_capture_on_commit_callbacks):
    """Indexed as in production: submitted through the service, then lemmatized by the task a
    worker runs (inline, the queued task leaves the work to ``index_pending``)."""
    with django_capture_on_commit_callbacks(execute=True):
        genitive = make_suggestion(
            "Kotihoidon iltakäynnit liian aikaisin", "Asiakkaat odottavat iltaisin.", index=False
        )
        inessive = make_suggestion(
            "Yksinäisyys", "Kotihoidossa ei ehditä jutella asiakkaan kanssa.", index=False
        )
        other = make_suggestion("Pysäköinti sairaalalla", "Paikkoja on liian vähän.", index=False)
    index_pending()
    return genitive, inessive, other


@pytest.mark.parametrize("query", ["kotihoito", "kotihoidon", "kotihoidossa", "KOTIHOITOA"])
def test_it_finds_every_inflected_finnish_form_from_any_other(client, finnish, query):
    genitive, inessive, _ = finnish

    assert found(client, query) == {genitive.reference, inessive.reference}


def test_it_never_lemmatizes_in_the_request_when_tasks_run_inline(
    client, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """Without a broker the queued indexing runs inline: it keeps the quick vector rather than
    load the lemmatizer in the request, and ``index_pending`` lemmatizes later."""
    monkeypatch.setitem(sys.modules, "simplemma", None)  # any import of it now fails
    text._simplemma.cache_clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fresh = make_suggestion("Kotihoidon iltavuorot", "Hoitajia on liian vähän.", index=False)

    assert callbacks, "the submission queues its indexing on commit"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert Suggestion.objects.get(pk=fresh.pk).indexed_at is None
    assert found(client, "iltavuorot") == {fresh.reference}

    monkeypatch.delitem(sys.modules, "simplemma")
    text._simplemma.cache_clear()
    assert index_pending() == 1
    assert Suggestion.objects.get(pk=fresh.pk).indexed_at is not None
    assert found(client, "iltavuoro") == {fresh.reference}


def test_it_indexes_every_submitted_suggestion_in_the_worker_task(finnish):
    assert not Suggestion.objects.filter(indexed_at=None).exists()


def test_it_teaches_the_lexicon_the_forms_met_while_indexing(finnish):
    lemmas = dict(LexiconEntry.objects.filter(language="fi").values_list("form", "lemma"))

    assert lemmas["kotihoidon"] == "kotihoito"
    assert lemmas["kotihoidossa"] == "kotihoito"
    assert lemmas["iltakäynnit"] == "iltakäynti"


def test_it_requires_every_word_of_the_search(client, finnish):
    genitive, _, _ = finnish

    assert found(client, "kotihoito iltakäynti") == {genitive.reference}
    assert found(client, "kotihoito pysäköinti") == set()


def test_it_finds_a_word_that_is_still_being_typed(client, finnish):
    genitive, inessive, _ = finnish

    assert found(client, "kotih") == {genitive.reference, inessive.reference}
    assert found(client, "iltakäyn") == {genitive.reference}


def test_it_finds_a_compound_word_by_its_beginning_when_the_lexicon_does_not_know_it(client):
    wanted = make_suggestion(
        "Hyvinvointialueen ajanvaraus", "Ajanvarausjärjestelmään pääsee vain pankkitunnuksilla."
    )

    assert found(client, "ajanvarausjärjestelmän") == {wanted.reference}


def test_it_finds_swedish_inflected_forms(client):
    definite = make_suggestion(
        "Hemvården borde ha svenskspråkig personal",
        "Min pappa förstår inte längre finska.",
        language="sv",
        area="rannikkoseutu",
    )
    compound = make_suggestion(
        "Information om tjänsterna",
        "Det är svårt att veta vilka hemvårdstjänster man har rätt till.",
        language="sv",
    )

    assert definite.reference in found(client, "hemvård")
    # Snowball stems catch the compounds simplemma's dictionary lacks.
    assert found(client, "hemvårdstjänsterna") == {compound.reference}
    assert found(client, "tjänst") == {compound.reference}


def test_it_finds_english_inflected_forms(client):
    wanted = make_suggestion(
        "Mental health services for international students",
        "Students do not know where to book appointments.",
        language="en",
    )
    make_suggestion("Pysäköinti sairaalalla", "Paikkoja on liian vähän.")

    assert found(client, "service") == {wanted.reference}
    assert found(client, "appointment student") == {wanted.reference}


def test_it_finds_a_new_suggestion_by_its_own_words_before_the_lemmatizer_has_run(client):
    # Indexing this one teaches the lexicon kotihoito → kotihoito and kotihoidon → kotihoito.
    make_suggestion("Kotihoito ja kotihoidon asiakkaat", "Iltakäynnit ovat liian aikaisin.")
    fresh = make_suggestion("Kotihoidon iltavuorot", "Hoitajia on liian vähän.", index=False)

    assert Suggestion.objects.get(pk=fresh.pk).indexed_at is None
    assert fresh.reference in found(client, "iltavuorot")
    # A form the lexicon has met already is stored with its lemma from the start.
    assert fresh.reference in found(client, "kotihoito")


def test_it_finds_nothing_for_words_that_are_not_there(client, finnish):
    assert found(client, "lumityöt") == set()


def test_it_shows_nothing_for_a_search_of_only_stop_words(client, finnish):
    assert found(client, "ja tai on") == set()


@pytest.mark.parametrize("query", ["'; DROP TABLE ideas_suggestion; --", "a & b | !c", "\\'':*"])
def test_it_takes_any_characters_in_the_search(client, finnish, query):
    assert found(client, query) == set()
    assert Suggestion.objects.count() == 3


def test_it_searches_without_ever_loading_the_lemmatizer(client, finnish, monkeypatch):
    """The web process stays small: a query reads the lexicon, not simplemma's dictionaries."""
    monkeypatch.setitem(sys.modules, "simplemma", None)  # any import of it now fails
    text._simplemma.cache_clear()
    genitive, inessive, _ = finnish

    assert found(client, "kotihoito") == {genitive.reference, inessive.reference}
    assert found(client, "kotihoidossa", area="oulu") == {genitive.reference, inessive.reference}
    text._simplemma.cache_clear()
