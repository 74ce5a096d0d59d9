"""Following: anyone signed in who can see a suggestion may follow it and stop."""

from __future__ import annotations

import pytest

from ideas.lifecycle import State
from ideas.models import Follow
from tests.accounts.markup import parse
from tests.ideas.community import detail_url, login_url, make_suggestion, url

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def follows(suggestion, person) -> bool:
    return Follow.objects.filter(suggestion=suggestion, user=person).exists()


@pytest.mark.parametrize("state", [State.RECEIVED, State.ACCEPTED, State.WITHDRAWN])
def test_it_follows_and_unfollows(client_for, other_resident, state):
    suggestion = make_suggestion(state=state)
    client = client_for(other_resident)

    response = client.post(url("follow", suggestion.reference), {"action": "follow"})
    assert response.status_code == 302
    assert response.url == f"{detail_url(suggestion)}#follow"
    assert follows(suggestion, other_resident)

    client.post(url("follow", suggestion.reference), {"action": "follow"})
    assert Follow.objects.filter(suggestion=suggestion, user=other_resident).count() == 1

    client.post(url("follow", suggestion.reference), {"action": "unfollow"})
    assert not follows(suggestion, other_resident)


def test_it_sends_a_signed_out_person_to_sign_in(client):
    suggestion = make_suggestion()

    response = client.post(url("follow", suggestion.reference), {"action": "follow"})

    assert response.url == login_url(detail_url(suggestion))
    assert not Follow.objects.filter(suggestion=suggestion).exists()


def test_it_answers_404_for_a_suggestion_the_person_may_not_see(client_for, other_resident):
    suggestion = make_suggestion(is_hidden=True)

    response = client_for(other_resident).post(url("follow", suggestion.reference))

    assert response.status_code == 404
    assert not follows(suggestion, other_resident)


def test_it_swaps_the_button_for_htmx(client_for, other_resident):
    suggestion = make_suggestion()
    client = client_for(other_resident)

    response = client.post(url("follow", suggestion.reference), {"action": "follow"}, **HTMX)

    fragment = parse(response.content)
    assert response.status_code == 200
    assert fragment.find("main") is None
    assert fragment.find("input", name="action").get("value") == "unfollow"
    assert fragment.by_id("follow-status").text

    response = client.post(url("follow", suggestion.reference), {"action": "unfollow"}, **HTMX)
    assert parse(response.content).find("input", name="action").get("value") == "follow"
