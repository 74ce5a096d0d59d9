"""Information requests: the submitter answers on the site, signed in or through the private
tracking link; the suggestion returns to processing and the group sees the answer."""

from __future__ import annotations

import pytest

from ideas.lifecycle import Action, State
from ideas.models import Suggestion
from ideas.services.submission import Submitted
from ideas.services.transitions import suggestion_transition
from tests.accounts.markup import accessibility_problems, parse
from tests.factories import submit
from tests.ideas.community import detail_url, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_indexing")]

QUESTION = "Mihin aikaan iltakäynnit nyt ovat?"


def asked(submitted: Submitted, member) -> Suggestion:
    """The only group routed it; a member asks the submitter a question."""
    suggestion = submitted.suggestion
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_PROCESSING
    return suggestion_transition(
        actor=member, suggestion=suggestion, action=Action.REQUEST_INFO, message=QUESTION
    )


def test_it_shows_the_question_and_a_form_to_the_signed_in_submitter(
    client_for, resident, other_resident, member
):
    suggestion = asked(submit(resident), member)

    page = parse(client_for(resident).get(detail_url(suggestion)).content)

    section = page.by_id("info-answer")
    assert section is not None
    assert QUESTION in section.text
    assert section.find("form").get("action") == url("answer", suggestion.reference)
    assert accessibility_problems(page) == []
    other = parse(client_for(other_resident).get(detail_url(suggestion)).content)
    assert other.by_id("info-answer") is None


def test_it_returns_the_answered_suggestion_to_the_group(client_for, resident, member, group):
    suggestion = asked(submit(resident), member)
    client = client_for(resident)

    response = client.post(url("answer", suggestion.reference), {"message": "Kello 17."})

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_PROCESSING
    event = suggestion.events.latest()
    assert (event.action, event.public_message, event.actor) == (
        Action.ANSWER_INFO,
        "Kello 17.",
        resident,
    )
    assert "Your answer was sent" in client.get(response["Location"]).content.decode()
    # The group sees the answer on the timeline and a badge in its queue.
    member_client = client_for(member)
    assert "Kello 17." in member_client.get(detail_url(suggestion)).content.decode()
    queue = member_client.get(f"/en/groups/{group.slug}/queue/").content.decode()
    assert "Answer received" in queue


def test_it_keeps_the_form_and_names_the_field_when_the_answer_is_empty(
    client_for, resident, member
):
    suggestion = asked(submit(resident), member)

    response = client_for(resident).post(url("answer", suggestion.reference), {"message": " "})

    assert response.status_code == 400
    page = parse(response.content)
    assert page.find(id="answer_message_error") is not None
    assert accessibility_problems(page) == []
    suggestion.refresh_from_db()
    assert suggestion.state == State.INFO_REQUESTED


def test_it_refuses_an_answer_nobody_asked_for_with_409(client_for, resident):
    submitted = submit(resident)

    response = client_for(resident).post(
        url("answer", submitted.suggestion.reference), {"message": "Vastaus"}
    )

    assert response.status_code == 409


@pytest.mark.parametrize("who", ["anonymous", "other_resident", "member"])
def test_it_lets_only_the_submitter_answer(client_for, request, resident, member, who):
    suggestion = asked(submit(resident), member)
    person = None if who == "anonymous" else request.getfixturevalue(who)

    response = client_for(person).post(url("answer", suggestion.reference), {"message": "Minä"})

    assert response.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.state == State.INFO_REQUESTED


# --- Through the tracking link ----------------------------------------------------------------


def test_it_answers_through_the_tracking_link(client, member):
    submitted = submit(None)
    suggestion = asked(submitted, member)
    token = submitted.tracking_token

    page = parse(client.get(url("track", token)).content)
    # The question itself is on the tracking page, not only after a failed answer.
    assert QUESTION in page.by_id("info-answer").text
    form = page.by_id("info-answer").find("form")
    assert form.get("action") == url("track_answer", token)
    response = client.post(url("track_answer", token), {"message": "Kello 17."})

    assert response.status_code == 302
    assert response["Location"] == url("track", token)
    assert response["Referrer-Policy"] == "strict-origin"
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_PROCESSING
    assert suggestion.events.latest().public_message == "Kello 17."


def test_it_keeps_the_tracking_answer_private_and_names_the_field(client, member):
    submitted = submit(None)
    asked(submitted, member)

    response = client.post(url("track_answer", submitted.tracking_token), {"message": ""})

    assert response.status_code == 400
    assert response["Cache-Control"] == "private, no-store"
    page = parse(response.content)
    assert QUESTION in page.by_id("info-answer").text
    assert page.find(id="answer_message_error") is not None
    assert accessibility_problems(page) == []


def test_it_refuses_a_tracking_answer_when_nothing_is_asked_with_409(client):
    submitted = submit(None)

    response = client.post(url("track_answer", submitted.tracking_token), {"message": "Hei"})

    assert response.status_code == 409
    assert "no longer waiting for information" in response.content.decode()


def test_it_answers_404_for_a_wrong_token(client, member):
    submitted = submit(None)
    asked(submitted, member)

    response = client.post(url("track_answer", "wrong-token"), {"message": "Hei"})

    assert response.status_code == 404
