"""POST /api/v1/suggestions/<reference>/transitions/: the lifecycle through the API."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from ideas.models import Suggestion, SuggestionEvent
from ideas.services.transitions import suggestion_transition
from tests.factories import make_group, submit
from tests.ideas.test_api_helpers import api, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def snapshot(suggestion: Suggestion) -> tuple:
    row = Suggestion.objects.get(pk=suggestion.pk)
    return row.state, row.updated_at, SuggestionEvent.objects.filter(suggestion=row).count()


def test_it_lets_a_token_authenticated_author_withdraw(resident):
    suggestion = submit(resident).suggestion

    response = api(resident, token=True).post(
        url("transitions", suggestion.reference),
        {"action": "withdraw", "message": "Asia ratkesi."},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "withdrawn"
    assert body["timeline"][-1]["action"] == "withdraw"
    assert body["timeline"][-1]["message"] == "Asia ratkesi."
    event = SuggestionEvent.objects.get(suggestion=suggestion, action="withdraw")
    assert (event.actor, event.from_state, event.to_state) == (resident, "received", "withdrawn")


@pytest.mark.parametrize("is_private", [False, True])
def test_it_lets_a_signed_out_author_withdraw_with_the_tracking_token(is_private):
    client = api()
    submitted = client.post(
        url("list"),
        {
            "title": "Iltakäynnit",
            "description": "Kotihoito ei ehdi.",
            "kind": "need",
            "area": "oulu",
            "service_area": "older-people",
            "stakeholder_group": "resident",
            "is_private": is_private,
        },
        format="json",
    ).json()
    reference, token = submitted["reference"], submitted["tracking_token"]

    wrong = client.post(
        url("transitions", reference),
        {"action": "withdraw", "tracking_token": "not-the-token"},
        format="json",
    )
    right = client.post(
        url("transitions", reference),
        {"action": "withdraw", "tracking_token": token},
        format="json",
    )

    # A private one is invisible without its token; a public one is visible but not theirs.
    assert wrong.status_code == (404 if is_private else 403)
    assert right.status_code == 200
    assert right.json()["state"] == "withdrawn"
    assert Suggestion.objects.get(reference=reference).state == "withdrawn"


def test_it_answers_409_for_a_move_the_state_does_not_allow_and_changes_nothing(resident):
    suggestion = submit(resident).suggestion
    suggestion_transition(actor=resident, suggestion=suggestion, action="withdraw")
    before = snapshot(suggestion)

    response = api(resident, token=True).post(
        url("transitions", suggestion.reference), {"action": "withdraw"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert "withdraw" in response.json()["detail"]
    assert snapshot(suggestion) == before


def test_it_lets_a_coordinator_route_and_refuses_a_second_route(resident, coordinator):
    suggestion = submit(resident).suggestion
    make_group("oulu")
    make_group("lakeus")
    client = api(coordinator, token=True)

    first = client.post(
        url("transitions", suggestion.reference),
        {"action": "route", "group": "oulu", "message": "Käsittelyyn.", "note": "Sisäinen."},
        format="json",
    )
    after_first = snapshot(suggestion)
    second = client.post(
        url("transitions", suggestion.reference),
        {"action": "route", "group": "lakeus"},
        format="json",
    )

    assert (first.status_code, second.status_code) == (200, 409)
    assert (first.json()["state"], first.json()["group"]) == ("in_processing", "oulu")
    assert first.json()["timeline"][-1]["note"] == "Sisäinen."
    assert snapshot(suggestion) == after_first


@pytest.mark.parametrize("action", ["", "dance", "submit", "hide"])
def test_it_names_the_action_when_it_is_not_a_move(resident, action):
    suggestion = submit(resident).suggestion
    before = snapshot(suggestion)

    response = api(resident, token=True).post(
        url("transitions", suggestion.reference), {"action": action}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["action"]
    assert snapshot(suggestion) == before


def test_it_refuses_another_resident_and_hides_a_private_suggestion_from_them(
    resident, other_resident
):
    public = submit(resident).suggestion
    private = submit(resident, is_private=True).suggestion
    client = api(other_resident, token=True)

    on_public = client.post(
        url("transitions", public.reference), {"action": "withdraw"}, format="json"
    )
    on_private = client.post(
        url("transitions", private.reference), {"action": "withdraw"}, format="json"
    )

    assert (on_public.status_code, on_private.status_code) == (403, 404)
    assert Suggestion.objects.filter(state="received").count() == 2


def test_it_names_an_unknown_merge_target_with_every_other_missing_detail(resident, coordinator):
    suggestion = submit(resident).suggestion

    response = api(coordinator, token=True).post(
        url("transitions", suggestion.reference),
        {"action": "merge", "target": "2026-999999"},
        format="json",
    )

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert list(fields) == ["message", "target"]
    assert fields["target"] == ["No suggestion has this reference."]


def test_it_refuses_a_private_merge_target_and_names_it(resident, coordinator):
    suggestion = submit(resident).suggestion
    private = submit(resident, title="Yksityinen", is_private=True).suggestion
    before = snapshot(suggestion)

    response = api(coordinator, token=True).post(
        url("transitions", suggestion.reference),
        {"action": "merge", "message": "Sama asia.", "target": private.reference},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"]["target"] == [
        "That suggestion is private or hidden: the people carried over to it could not see "
        "it. Merge into a public suggestion."
    ]
    assert snapshot(suggestion) == before


def test_it_names_an_unknown_group(resident, coordinator):
    suggestion = submit(resident).suggestion

    response = api(coordinator, token=True).post(
        url("transitions", suggestion.reference),
        {"action": "route", "group": "no-such-group"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["group"]
