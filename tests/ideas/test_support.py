"""Supports: one per person, idempotent, never for one's own suggestion; htmx swaps the count."""

from __future__ import annotations

import pytest

from ideas.lifecycle import State
from ideas.models import Suggestion, Support
from tests.accounts.markup import parse
from tests.ideas.community import detail_url, login_url, make_suggestion, url

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def support_count(suggestion) -> int:
    return Suggestion.objects.get(pk=suggestion.pk).support_count


def test_it_counts_one_support_per_person_however_often_they_click(
    client_for, resident, other_resident
):
    suggestion = make_suggestion(submitter=resident)
    client = client_for(other_resident)

    first = client.post(url("support", suggestion.reference))
    second = client.post(url("support", suggestion.reference))

    assert first.status_code == second.status_code == 302
    assert first.url == f"{detail_url(suggestion)}#support"
    assert Support.objects.filter(suggestion=suggestion).count() == 1
    assert support_count(suggestion) == 1


def test_it_withdraws_a_support_once_and_keeps_the_count_right(
    client_for, resident, other_resident
):
    suggestion = make_suggestion(submitter=resident)
    client = client_for(other_resident)
    client.post(url("support", suggestion.reference))

    client.post(url("support", suggestion.reference), {"action": "remove"})
    again = client.post(url("support", suggestion.reference), {"action": "remove"})

    assert again.status_code == 302
    assert not Support.objects.filter(suggestion=suggestion).exists()
    assert support_count(suggestion) == 0


def test_it_makes_a_supporter_a_follower(client_for, resident, other_resident):
    suggestion = make_suggestion(submitter=resident)

    client_for(other_resident).post(url("support", suggestion.reference))

    assert suggestion.follows.filter(user=other_resident).exists()


def test_it_refuses_support_for_ones_own_suggestion_and_says_why(client_for, resident):
    suggestion = make_suggestion(submitter=resident)

    response = client_for(resident).post(url("support", suggestion.reference))

    assert response.status_code == 403
    assert "your own suggestion" in parse(response.content).find("main").text
    assert support_count(suggestion) == 0


@pytest.mark.parametrize("state", [State.WITHDRAWN, State.MERGED])
def test_it_answers_409_when_the_state_takes_no_supports(client_for, other_resident, state):
    suggestion = make_suggestion(state=state)

    response = client_for(other_resident).post(url("support", suggestion.reference))

    assert response.status_code == 409
    assert not Support.objects.filter(suggestion=suggestion).exists()


def test_it_refuses_support_for_a_private_suggestion_its_viewer_may_see(client_for, coordinator):
    suggestion = make_suggestion(is_private=True)

    assert client_for(coordinator).post(url("support", suggestion.reference)).status_code == 403
    assert support_count(suggestion) == 0


def test_it_answers_404_for_a_suggestion_the_person_may_not_see(client_for, other_resident):
    suggestion = make_suggestion(is_private=True)

    assert client_for(other_resident).post(url("support", suggestion.reference)).status_code == 404
    assert support_count(suggestion) == 0


def test_it_sends_a_signed_out_person_to_sign_in_and_back(client):
    suggestion = make_suggestion()

    response = client.post(url("support", suggestion.reference))

    assert response.status_code == 302
    assert response.url == login_url(detail_url(suggestion))
    assert support_count(suggestion) == 0


def test_it_redirects_a_signed_out_htmx_request_with_htmx(client):
    suggestion = make_suggestion()

    response = client.post(url("support", suggestion.reference), **HTMX)

    assert response.headers["HX-Redirect"] == login_url(detail_url(suggestion))


def test_it_takes_no_support_by_get(client_for, other_resident):
    suggestion = make_suggestion()

    assert client_for(other_resident).get(url("support", suggestion.reference)).status_code == 405
    assert support_count(suggestion) == 0


def test_it_swaps_the_button_and_count_for_htmx(client_for, resident, other_resident):
    suggestion = make_suggestion(submitter=resident)
    client = client_for(other_resident)

    response = client.post(url("support", suggestion.reference), **HTMX)

    assert response.status_code == 200
    fragment = parse(response.content)
    assert fragment.find("main") is None  # a partial, not a page
    assert "1" in fragment.find(class_="support-count").text
    assert fragment.find("input", name="action").get("value") == "remove"
    assert fragment.find("button", id="support-button") is not None
    status = fragment.by_id("support-status")
    assert status.get("hx-swap-oob") == "innerHTML"
    assert status.text

    response = client.post(url("support", suggestion.reference), {"action": "remove"}, **HTMX)
    fragment = parse(response.content)
    assert "0" in fragment.find(class_="support-count").text
    assert fragment.find("input", name="action").get("value") == "add"
