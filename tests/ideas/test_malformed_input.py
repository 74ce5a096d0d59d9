"""Input no browser sends — a NUL character (PostgreSQL cannot store one), a token of the wrong
shape, JSON nested a hundred thousand deep — is refused with a 400 or a 404 that says why,
never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from popsote.core.parsers import MAX_DEPTH, nests_deeper_than
from tests.factories import make_group, submit
from tests.ideas.test_api_helpers import api

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.fixture
def suggestion(resident):
    return submit(resident).suggestion


@pytest.fixture
def web(client):
    client.raise_request_exception = False
    return client


def test_it_refuses_a_nul_in_the_similar_suggestions_text_on_the_page(web):
    for params in ({"text": f"kotihoito{NUL}iltaisin"}, {"title": f"ilta{NUL}käynnit"}):
        response = web.get(reverse("ideas:similar"), params)

        assert response.status_code == 400
        assert response.content.decode() == "Null characters are not allowed."


def test_it_refuses_a_nul_in_the_similar_suggestions_text_in_the_api():
    client = api()
    client.raise_request_exception = False

    response = client.get("/api/v1/suggestions/similar/", {"text": f"kotihoito{NUL}iltaisin"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"text": ["Null characters are not allowed."]}


def test_it_answers_404_for_an_attachment_or_tracking_token_of_the_wrong_shape(web, suggestion):
    for path in (
        reverse("ideas:detail", args=[suggestion.reference]) + "attachments/ab%00cd/",
        reverse("ideas:track", args=["x"]).replace("/x/", "/ab%00cd/"),
        reverse("ideas:track_answer", args=["x"]).replace("/x/", "/ab%00cd/"),
    ):
        assert web.get(path).status_code == 404, path


def test_it_names_a_triage_choice_that_is_not_a_reference(web, coordinator, suggestion):
    make_group("oulu", areas=["oulu"])
    web.force_login(coordinator)

    response = web.post(reverse("groups:triage"), {"references": [f"2026-0{NUL}"], "group": "oulu"})

    assert response.status_code == 400
    assert "is not a suggestion reference." in response.content.decode()


def test_it_still_asks_for_a_triage_choice_when_none_is_ticked(web, coordinator, suggestion):
    make_group("oulu", areas=["oulu"])
    web.force_login(coordinator)

    response = web.post(reverse("groups:triage"), {"group": "oulu"})

    assert response.status_code == 400
    assert "Choose at least one suggestion to send." in response.content.decode()


def test_it_takes_a_challenge_slug_with_a_nul_for_one_that_no_longer_takes_suggestions(web):
    response = web.get(reverse("ideas:new"), {"challenge": f"ilta{NUL}"})

    assert response.status_code == 200
    assert "The challenge you came from no longer takes suggestions." in response.content.decode()


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_it_refuses_json_nested_too_deeply(depth, coordinator, suggestion):
    client = api(coordinator, token=True)
    client.raise_request_exception = False
    body = "[" * depth + "]" * depth

    response = client.generic(
        "POST",
        f"/api/v1/suggestions/{suggestion.reference}/transitions/",
        body,
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"The JSON body is nested too deeply: at most {MAX_DEPTH} levels are accepted.",
        "code": "parse_error",
    }


@pytest.mark.parametrize(
    ("body", "too_deep"),
    [
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, False),
        ('{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1), True),
        # Brackets inside strings, escaped quotes included, are text.
        ('{"message": "' + "[{" * 1000 + '\\" [[["}', False),
        ('["\\"]"' + ", [" * MAX_DEPTH + "]" * (MAX_DEPTH + 1), True),
    ],
)
def test_it_counts_only_the_brackets_that_nest(body, too_deep):
    assert nests_deeper_than(body, MAX_DEPTH) is too_deep


@pytest.mark.parametrize("control", ["\n", "\x00"])
def test_it_goes_to_the_front_page_when_next_holds_a_control_character(control, web):
    response = web.post(reverse("set_language"), {"language": "en", "next": f"/en/a{control}b/"})

    assert (response.status_code, response["Location"]) == (302, "/en/")
