"""GET /api/v1/suggestions/ and /api/v1/suggestions/similar/: what anyone may read."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Suggestion
from ideas.selectors import board as board_selectors
from ideas.services.community import content_hide
from tests.factories import make_group, submit
from tests.ideas.test_api_helpers import add_supports, api, open_challenge, put_in_state, url

pytestmark = pytest.mark.django_db


def references(response) -> list[str]:
    return [row["reference"] for row in response.json()["results"]]


def test_it_lists_public_suggestions_with_the_fields_of_api_md(resident):
    challenge = open_challenge()
    suggestion = submit(resident, challenge=challenge, proposed_solution="Iltavuoro.").suggestion

    response = api().get(url("list"))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "count_capped", "next", "previous", "results"}
    assert (body["count"], body["count_capped"], body["next"], body["previous"]) == (
        1,
        False,
        None,
        None,
    )
    (row,) = body["results"]
    assert row == {
        "reference": suggestion.reference,
        "title": "Kotihoidon käynnit iltaisin",
        "description": "Kotihoito ei ehdi iltaisin, ja asiakkaat odottavat pitkään.",
        "kind": "need",
        "area": "oulu",
        "service_area": "older-people",
        "stakeholder_group": "resident",
        "state": "received",
        "state_label": "Received",
        "supports": 0,
        "comments": 0,
        "challenge": challenge.slug,
        "created": row["created"],
        "url": f"http://testserver/en/suggestions/{suggestion.reference}/",
    }
    assert row["created"].startswith(str(suggestion.created_at.year))
    # The page's address is in the language the API answers in; Finnish has no prefix.
    in_finnish = api(HTTP_ACCEPT_LANGUAGE="fi").get(url("list")).json()["results"][0]
    assert in_finnish["url"] == f"http://testserver/suggestions/{suggestion.reference}/"


def test_it_lists_only_public_suggestions_whoever_asks(resident, other_resident, coordinator):
    public = submit(resident, title="Julkinen").suggestion
    submit(resident, title="Yksityinen", is_private=True)
    hidden = submit(resident, title="Piilotettu").suggestion
    content_hide(actor=coordinator, suggestion=hidden, reason="Asiaton.")

    # The board is the public list; one's own private suggestions and a group's queue are
    # other lists.
    for client in (api(), api(resident, token=True), api(other_resident), api(coordinator)):
        assert references(client.get(url("list"))) == [public.reference]


@pytest.mark.parametrize(
    ("parameter", "matching", "other"),
    [
        ("area", {"area": "koillismaa"}, {"area": "lakeus"}),
        ("service_area", {"service_area": "digital"}, {"service_area": "hospital"}),
        ("kind", {"kind": "idea"}, {"kind": "invention"}),
        ("stakeholder_group", {"stakeholder_group": "company"}, {"stakeholder_group": "ngo"}),
    ],
)
def test_it_filters_by_taxonomy_codes(parameter, matching, other):
    wanted = submit(**matching).suggestion
    submit(**other)

    response = api().get(url("list"), {parameter: matching[parameter]})

    assert references(response) == [wanted.reference]


def test_it_filters_by_state_and_challenge(resident, coordinator):
    challenge = open_challenge()
    in_challenge = submit(resident, challenge=challenge).suggestion
    routed = put_in_state(
        submit(resident).suggestion, "in_processing", coordinator=coordinator, author=resident
    )

    assert references(api().get(url("list"), {"state": "in_processing"})) == [routed.reference]
    assert references(api().get(url("list"), {"challenge": challenge.slug})) == [
        in_challenge.reference
    ]
    assert references(api().get(url("list"), {"area": "no-such-area"})) == []


def test_it_names_the_parameter_when_ordering_or_state_is_unknown():
    response = api().get(url("list"), {"ordering": "title", "state": "lost"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"ordering", "state"}


def test_it_orders_newest_oldest_and_most_supported_first():
    first, second, third = (submit(title=f"Ehdotus {n}").suggestion for n in range(3))
    add_supports(first, 5)
    add_supports(third, 2)

    newest = references(api().get(url("list")))
    oldest = references(api().get(url("list"), {"ordering": "created"}))
    supported = references(api().get(url("list"), {"ordering": "-supports"}))

    assert newest == [third.reference, second.reference, first.reference]
    assert oldest == [first.reference, second.reference, third.reference]
    assert supported == [first.reference, third.reference, second.reference]


def test_it_pages_by_cursor_with_absolute_links_that_keep_the_filters():
    made = [submit(title=f"Ehdotus {n}").suggestion.reference for n in range(25)]
    client = api()

    first = client.get(url("list"), {"area": "oulu"}).json()
    assert (first["count"], len(first["results"]), first["previous"]) == (25, 20, None)
    link = urlsplit(first["next"])
    assert (link.scheme, link.netloc, link.path) == ("http", "testserver", url("list"))
    assert parse_qs(link.query)["area"] == ["oulu"]
    assert parse_qs(link.query)["cursor"]

    second = client.get(first["next"]).json()
    assert (len(second["results"]), second["next"]) == (5, None)
    back = client.get(second["previous"]).json()

    newest_first = list(reversed(made))
    assert references_of(first) + references_of(second) == newest_first
    assert references_of(back) == newest_first[:20]


def references_of(body) -> list[str]:
    return [row["reference"] for row in body["results"]]


def test_it_says_when_the_count_is_capped(monkeypatch):
    monkeypatch.setattr(board_selectors, "COUNT_CAP", 3)
    for n in range(4):
        submit(title=f"Ehdotus {n}")

    body = api().get(url("list")).json()

    assert (body["count"], body["count_capped"]) == (3, True)


def test_it_finds_inflected_finnish_forms(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wanted = submit(
            title="Kotihoidon asiakkaiden iltakäynnit",
            description="Asiakkaat odottavat iltaisin.",
        ).suggestion
        submit(title="Pysäköinti sairaalalla", description="Paikkoja on liian vähän.")

    response = api().get(url("list"), {"search": "kotihoito"})

    assert references(response) == [wanted.reference]


def make_rows(count: int, *, start: int, group, challenge) -> None:
    for n in range(start, start + count):
        suggestion = submit(title=f"Ehdotus {n}", challenge=challenge).suggestion
        # Test setup: a group on every row, to prove the list does not fetch it row by row.
        Suggestion.objects.filter(pk=suggestion.pk).update(group=group)


@pytest.mark.parametrize("signed_in", [False, True])
def test_it_lists_in_a_number_of_queries_that_does_not_grow_with_rows(
    signed_in, resident, django_assert_num_queries
):
    group = make_group("oulu", name="Oulun ryhmä")
    challenge = open_challenge()
    client = api(resident, token=True) if signed_in else api()
    make_rows(3, start=0, group=group, challenge=challenge)
    client.get(url("list"))  # warm caches that are not per row (content types, say)

    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url("list"), {"ordering": "-supports"}).json()["results"]) == 3
    make_rows(27, start=3, group=group, challenge=challenge)

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(url("list"), {"ordering": "-supports"}).json()["results"]) == 20


def test_it_answers_in_the_language_of_accept_language():
    swedish = api().get(url("list"), {"ordering": "title"}, HTTP_ACCEPT_LANGUAGE="sv")
    finnish = api().get(url("list"), {"ordering": "title"}, HTTP_ACCEPT_LANGUAGE="fi")

    assert swedish["Content-Language"] == "sv"
    assert finnish["Content-Language"] == "fi"
    assert swedish.json()["fields"]["ordering"] == ['"title" är inte ett giltigt val.']
    assert finnish.json()["fields"]["ordering"] == ['"title" ei ole kelvollinen valinta.']


# --- Similar --------------------------------------------------------------------------------


def test_it_finds_up_to_five_similar_public_suggestions_with_a_score(resident):
    alike = [
        submit(title=f"Kotihoidon iltakäynnit {n}", description="Kotihoito iltaisin.").suggestion
        for n in range(6)
    ]
    submit(title="Pysäköinti sairaalalla", description="Paikkoja on liian vähän.")
    submit(resident, title="Kotihoidon salainen", is_private=True)

    response = api().get(url("similar"), {"text": "kotihoidon iltakäynnit"})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (5, None, None)
    found = {row["reference"] for row in body["results"]}
    assert found <= {suggestion.reference for suggestion in alike}
    scores = [row["score"] for row in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)
    assert body["results"][0]["url"].startswith("http://testserver/en/suggestions/")


def test_it_weighs_the_typed_title_in_similar():
    by_title = submit(title="Saattohoidon omaiset", description="Tukea tarvitaan.").suggestion
    submit(title="Tukea tarvitaan", description="Saattohoidon omaiset jäävät yksin.")

    body = api().get(url("similar"), {"text": "Tukea tarvitaan", "title": "Saattohoidon omaiset"})

    assert body.json()["results"][0]["reference"] == by_title.reference


def test_it_answers_no_similar_suggestions_for_unrelated_text():
    submit(title="Kotihoidon iltakäynnit")

    body = api().get(url("similar"), {"text": "lumityöt"}).json()

    assert (body["count"], body["results"]) == (0, [])


@pytest.mark.parametrize("params", [{}, {"text": ""}])
def test_it_requires_the_text_of_similar(params):
    response = api().get(url("similar"), params)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["text"]


def test_it_finds_similar_in_a_number_of_queries_that_does_not_grow_with_rows(
    django_assert_num_queries,
):
    challenge = open_challenge()
    for n in range(2):
        submit(title=f"Kotihoidon iltakäynnit {n}", challenge=challenge)
    with CaptureQueriesContext(connection) as few:
        assert api().get(url("similar"), {"text": "kotihoidon"}).json()["count"] == 2
    for n in range(2, 8):
        submit(title=f"Kotihoidon iltakäynnit {n}", challenge=challenge)

    with django_assert_num_queries(len(few.captured_queries)):
        assert api().get(url("similar"), {"text": "kotihoidon"}).json()["count"] == 5
