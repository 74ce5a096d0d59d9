"""Similar suggestions while a person writes: the right one first, at most five, only public
ones, nothing for short text, and a way to support one instead."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Suggestion, Support
from ideas.selectors.similar import _typo_candidates, similar, word_frequencies
from ideas.services.community import content_hide, suggestion_support
from ideas.services.transitions import suggestion_transition
from tests.search.factories import make_suggestion

pytestmark = pytest.mark.django_db

SIMILAR = "/suggestions/similar/"

EXISTING = {
    "evening_visits": (
        "Kotihoidon iltakäynnit liian aikaisin",
        "Äitini kotihoidon iltakäynti on jo kello 17, jolloin hänet laitetaan yöpuulle. "
        "Ilta on pitkä ja yksinäinen.",
    ),
    "caregiver_leave": (
        "Omaishoitajan vapaapäivien järjestäminen on liian raskasta",
        "Omaishoitajana joudun itse etsimään sijaisen ja täyttämään monta lomaketta, jotta "
        "pääsen pitämään vapaapäiväni.",
    ),
    "phone_queue": (
        "Terveysaseman puhelinpalveluun on vaikea päästä läpi",
        "Soitin kolmena päivänä peräkkäin, mutta puhelinjono oli aina täynnä ja puhelu katkesi.",
    ),
    "changing_staff": (
        "Kotihoidon työntekijät vaihtuvat liian usein",
        "Isälleni tulee joka päivä eri hoitaja, eikä kukaan tunne hänen tilannettaan.",
    ),
    "callback": (
        "Takaisinsoittopalvelu terveysasemalle",
        "Jonottamisen sijaan asiakas voisi jättää soittopyynnön, ja hoitaja soittaisi takaisin.",
    ),
    "evening_clinic": (
        "Iltavastaanotto neuvolaan työssäkäyville vanhemmille",
        "Neuvola on auki vain virka-aikaan, mikä on hankalaa, kun molemmat vanhemmat ovat töissä.",
    ),
    "transport": (
        "Kuljetuspalvelun tilaaminen on hankalaa",
        "Auto pitää tilata vuorokautta etukäteen, eikä paluuaikaa voi muuttaa.",
    ),
    "dental": (
        "Hammashoitoon on puolen vuoden jono",
        "Hammaslääkärille ei pääse kiireettömissä asioissa puoleen vuoteen.",
    ),
}


@pytest.fixture
def existing():
    return {
        key: make_suggestion(title, description) for key, (title, description) in EXISTING.items()
    }


def shown(response) -> list[str]:
    return re.findall(
        r'href="/suggestions/(\d{4}-\d{6})/" class="similar-suggestion__link"',
        (response.content.decode()),
    )


@pytest.mark.parametrize(
    ("title", "description", "expected"),
    [
        (
            "Kotihoito käy illalla liian aikaisin",
            "Isäni iltakäynti tehdään jo viideltä, ja hän joutuu nukkumaan liian aikaisin.",
            "evening_visits",
        ),
        (
            "Puhelinpalvelu ei vastaa",
            "Terveysasemalle soittaminen on turhauttavaa, koska puhelinjonoon ei pääse.",
            "phone_queue",
        ),
        (
            "Samat hoitajat kotihoitoon",
            "Kotihoidossa käy joka päivä eri työntekijä, ja tilanne pitää selittää aina uudelleen.",
            "changing_staff",
        ),
        (
            "Omaishoitajien vapaat",
            "Vapaapäivien järjestäminen omaishoitajalle vaatii liikaa paperitöitä.",
            "caregiver_leave",
        ),
        (
            "Neuvolaan iltaisin",
            "Työssäkäyvien vanhempien on vaikea ehtiä neuvolaan päivällä.",
            "evening_clinic",
        ),
    ],
)
def test_it_shows_the_suggestion_that_says_the_same_first(
    client, existing, title, description, expected
):
    response = client.get(SIMILAR, {"title": title, "description": description})

    assert response.status_code == 200
    assert shown(response)[0] == existing[expected].reference


def test_it_scores_between_zero_and_one_best_first(existing):
    rows = similar(
        text="Isäni kotihoidon iltakäynti tehdään liian aikaisin.", title="Kotihoidon iltakäynnit"
    )

    scores = [row.score for row in rows]
    assert rows[0].pk == existing["evening_visits"].pk
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)


def test_it_forgives_a_typo_in_the_title(existing):
    rows = similar(text="", title="Kuljetuspalvelun tilaaminen on hankla")

    assert rows[0].pk == existing["transport"].pk


def test_it_shows_at_most_five(client):
    for number in range(7):
        make_suggestion(f"Kotihoidon iltakäynnit {number}", "Kotihoito käy liian aikaisin.")

    response = client.get(SIMILAR, {"title": "Kotihoidon iltakäynnit", "description": ""})

    assert len(shown(response)) == 5


def test_it_shows_only_public_open_suggestions(client, resident, coordinator):
    text = ("Kotihoidon iltakäynnit liian aikaisin", "Iltakäynti on jo kello 17.")
    public = make_suggestion(*text, actor=resident)
    make_suggestion(*text, actor=resident, is_private=True)
    hidden = make_suggestion(*text, actor=resident)
    content_hide(actor=coordinator, suggestion=hidden, reason="Asiaton.")
    withdrawn = make_suggestion(*text, actor=resident)
    suggestion_transition(actor=resident, suggestion=withdrawn, action="withdraw")
    merged = make_suggestion(*text, actor=resident)
    Suggestion.objects.filter(pk=merged.pk).update(state="merged", merged_into=public)

    for viewer in (None, resident, coordinator):
        client.logout()
        if viewer:
            client.force_login(viewer)
        response = client.get(SIMILAR, {"title": text[0], "description": text[1]})
        assert shown(response) == [public.reference]


@pytest.mark.parametrize(
    "params",
    [
        {"title": "", "description": ""},
        {"title": "Koti", "description": ""},
        {"title": "ja on", "description": "ei se"},
        {},
    ],
)
def test_it_answers_short_text_with_nothing(client, existing, params):
    response = client.get(SIMILAR, params)

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_it_answers_unrelated_text_with_nothing(client, existing):
    response = client.get(SIMILAR, {"title": "Lumityöt", "description": "Aurauskalusto."})

    assert response.content.decode().strip() == ""


def test_it_offers_a_signed_in_person_to_support_one_instead(client, existing, resident):
    client.force_login(resident)

    page = client.get(SIMILAR, {"title": "Kotihoidon iltakäynnit aikaisin"}).content.decode()

    reference = existing["evening_visits"].reference
    button = re.search(rf'<button[^>]*formaction="/suggestions/{reference}/support/"[^>]*>', page)
    assert button
    assert 'formmethod="post"' in button.group(0)
    assert 'name="action" value="add"' in button.group(0)
    # Forms do not nest: the partial lives inside the submission form.
    assert "<form" not in page


def test_it_asks_a_signed_out_person_to_sign_in_and_come_back(client, existing):
    page = client.get(SIMILAR, {"title": "Kotihoidon iltakäynnit aikaisin"}).content.decode()

    reference = existing["evening_visits"].reference
    assert f'href="/accounts/login/?next=/suggestions/{reference}/"' in page
    assert "formaction" not in page


def test_it_offers_no_support_for_ones_own_or_already_supported(client, resident, other_resident):
    own = make_suggestion("Kotihoidon iltakäynnit liian aikaisin", actor=resident)
    supported = make_suggestion("Kotihoidon iltakäynnit aikaisin", actor=other_resident)
    suggestion_support(actor=resident, suggestion=supported)
    client.force_login(resident)

    page = client.get("/en" + SIMILAR, {"title": "Kotihoidon iltakäynnit"}).content.decode()

    assert set(re.findall(r"/suggestions/(\d{4}-\d{6})/\"", page)) == {
        own.reference,
        supported.reference,
    }
    assert "formaction" not in page
    assert "You support this." in page


def test_it_supports_instead_when_the_button_sends_the_submission_form(client, existing, resident):
    """The button sends the surrounding submission form to the support address."""
    client.force_login(resident)
    target = existing["evening_visits"]

    response = client.post(
        f"/suggestions/{target.reference}/support/",
        {"title": "Kotihoidon iltakäynnit", "description": "Liian aikaisin.", "action": "add"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(target.get_absolute_url())
    assert Support.objects.filter(suggestion=target, user=resident).exists()


@pytest.mark.parametrize("signed_in", [False, True])
def test_it_finds_similar_in_a_number_of_queries_that_does_not_grow_with_rows(
    client, resident, signed_in, django_assert_num_queries
):
    if signed_in:
        client.force_login(resident)
    params = {"title": "Kotihoidon iltakäynnit", "description": "Liian aikaisin illalla."}
    for number in range(2):
        make_suggestion(f"Kotihoidon iltakäynnit {number}", show_submitter_name=True)
    client.get(SIMILAR, params)
    with CaptureQueriesContext(connection) as few:
        assert len(shown(client.get(SIMILAR, params))) == 2
    for number in range(2, 9):
        make_suggestion(f"Kotihoidon iltakäynnit {number}")

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(shown(client.get(SIMILAR, params))) == 5


def test_it_finds_a_title_whose_word_is_misspelt_by_trigrams(existing):
    rows = similar(text="", title="Takaisinsoitopalvelu")

    assert rows[0].pk == existing["callback"].pk


def test_it_gives_up_a_slow_trigram_search_and_leaves_the_connection_as_it_was(existing):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]

    # Every row takes 50 ms to check: the search runs out of time.
    found = _typo_candidates(["kotihoito"], "pg_sleep(0.05) IS NOT NULL", [])

    assert found == []
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before
        cursor.execute("SELECT count(*) FROM ideas_suggestion")
        assert cursor.fetchone()[0] == len(EXISTING)


@pytest.fixture
def analyzed(existing):
    """A larger table whose statistics PostgreSQL has gathered, as in production: "palvelu"
    is in every row, and the scenario's suggestions are the rare ones."""
    for number in range(60):
        make_suggestion(
            f"Palvelu numero {number} on liian hidas",
            "Asiakas odottaa palvelua liian kauan, ja palvelu on hidas.",
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ideas_suggestion")
    return existing


def test_it_reads_how_common_each_word_is_from_the_statistics(analyzed):
    frequencies, smallest = word_frequencies(["palvelu", "omaishoitaja", "lumityö"])

    assert frequencies["palvelu"] > 0.8
    assert "lumityö" not in frequencies
    assert 0 < smallest < frequencies["palvelu"]


def test_it_weighs_rare_words_over_common_ones(analyzed):
    rows = similar(
        text="Palvelu on hidas, kun omaishoitajan vapaapäivien järjestäminen kestää.",
        title="Palvelu hidas omaishoitajalle",
    )

    assert rows[0].pk == analyzed["caregiver_leave"].pk


def test_it_still_finds_candidates_when_only_common_words_are_shared(analyzed):
    rows = similar(text="Asiakas odottaa liian kauan.", title="Hidas palvelu")

    assert rows
    assert all("alvelu" in row.title for row in rows)
