"""Withdrawing: only the author (signed in) or the holder of the tracking link, only while the
suggestion is not yet decided. Others get 404, a state that does not allow it 409."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from ideas.lifecycle import Action, State
from ideas.models import Suggestion
from ideas.services.submission import Submitted
from tests.accounts.markup import accessibility_problems, parse
from tests.factories import submit

pytestmark = pytest.mark.usefixtures("no_indexing")

STATES = [
    State.RECEIVED,
    State.IN_PROCESSING,
    State.INFO_REQUESTED,
    State.ACCEPTED,
    State.WITHDRAWN,
]
OPEN = {State.RECEIVED, State.IN_PROCESSING, State.INFO_REQUESTED}


def expected_for_author(state) -> int:
    return 302 if state in OPEN else 409


# Who tries: (signed in as, whose suggestion, the token sent, the answer in a state).
# "resident" wrote the signed-in suggestion; "link" is one sent signed out.
MATRIX = {
    "anonymous": (None, "resident", None, lambda state: 404),
    "anonymous_with_wrong_token": (None, "link", "wrong", lambda state: 404),
    "anonymous_with_token": (None, "link", "right", expected_for_author),
    "author": ("resident", "resident", None, expected_for_author),
    "other_resident": ("other_resident", "resident", None, lambda state: 404),
    "other_resident_with_wrong_token": ("other_resident", "link", "wrong", lambda state: 404),
    "coordinator": ("coordinator", "resident", None, lambda state: 404),
    "coordinator_on_a_signed_out_one": ("coordinator", "link", None, lambda state: 404),
}


def in_state(submitted: Submitted, state) -> Suggestion:
    Suggestion.objects.filter(pk=submitted.suggestion.pk).update(state=state)
    return Suggestion.objects.get(pk=submitted.suggestion.pk)


# What the confirmation page posts again with the form's fields.
CONFIRMED = {"confirm": "yes"}


def withdraw_url(suggestion: Suggestion) -> str:
    # The English page, so that the tests read the source strings.
    return f"/en/suggestions/{suggestion.reference}/withdraw/"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", list(MATRIX))
def test_withdraw_permission_matrix(who, state, request, client_for, db):
    signed_in_as, whose, token, expected_in = MATRIX[who]
    author = request.getfixturevalue("resident") if whose == "resident" else None
    submitted = submit(actor=author)
    target = in_state(submitted, state)
    data = {}
    if token == "right":
        data["token"] = submitted.tracking_token
    elif token == "wrong":
        data["token"] = submitted.tracking_token[:-2] + "xx"
    client = client_for(request.getfixturevalue(signed_in_as) if signed_in_as else None)
    events_before = target.events.count()

    response = client.post(withdraw_url(target), {**data, **CONFIRMED})

    expected = expected_in(state)
    target.refresh_from_db()
    assert response.status_code == expected
    if expected == 302:
        assert target.state == State.WITHDRAWN
        event = target.events.latest("id")
        assert (event.action, event.from_state, event.to_state) == (
            Action.WITHDRAW,
            state,
            State.WITHDRAWN,
        )
    else:
        assert target.state == state
        assert target.events.count() == events_before


def test_it_takes_the_link_holder_back_to_the_tracking_page_with_a_message(client, db):
    submitted = submit()

    response = client.post(
        withdraw_url(submitted.suggestion), {"token": submitted.tracking_token, **CONFIRMED}
    )

    assert response["Location"] == f"/en/track/{submitted.tracking_token}/"
    assert response["Referrer-Policy"] == "strict-origin"
    page = client.get(response["Location"]).content.decode()
    assert "was withdrawn" in page
    assert str(State.WITHDRAWN.label) in page


def test_it_takes_the_signed_in_author_back_to_the_suggestion(client, resident):
    suggestion = submit(actor=resident).suggestion
    client.force_login(resident)

    response = client.post(withdraw_url(suggestion), CONFIRMED)

    assert response["Location"] == suggestion.get_absolute_url()
    (message,) = get_messages(response.wsgi_request)
    assert suggestion.reference in str(message)


def test_it_lets_the_author_withdraw_a_private_or_hidden_suggestion(client, resident):
    suggestion = submit(actor=resident, is_private=True).suggestion
    Suggestion.objects.filter(pk=suggestion.pk).update(is_hidden=True)
    client.force_login(resident)

    assert client.post(withdraw_url(suggestion), CONFIRMED).status_code == 302


def test_it_explains_why_a_decided_suggestion_cannot_be_withdrawn(client, resident):
    suggestion = in_state(submit(actor=resident), State.ACCEPTED)
    client.force_login(resident)

    response = client.post(withdraw_url(suggestion))

    page = parse(response.content)
    assert response.status_code == 409
    assert "only until it has been decided" in page.find("main").text
    assert str(State.ACCEPTED.label) in page.find("main").text
    assert accessibility_problems(page) == []


def test_it_leads_a_link_holder_back_to_the_tracking_page_when_it_is_too_late(client, db):
    submitted = submit()
    suggestion = in_state(submitted, State.ACCEPTED)

    response = client.post(withdraw_url(suggestion), {"token": submitted.tracking_token})

    assert response.status_code == 409
    back = (
        parse(response.content)
        .find("main")
        .find("a", href=f"/en/track/{submitted.tracking_token}/")
    )
    assert back.text == "Back to the tracking page"
    assert response["Cache-Control"] == "private, no-store"  # it holds the tracking token


def test_it_answers_404_for_a_missing_suggestion(client, resident):
    client.force_login(resident)

    assert client.post("/en/suggestions/2026-999999/withdraw/").status_code == 404


def test_it_takes_only_post(client, resident):
    suggestion = submit(actor=resident).suggestion
    client.force_login(resident)

    response = client.get(withdraw_url(suggestion))

    assert response.status_code == 405
    assert Suggestion.objects.get(pk=suggestion.pk).state == State.RECEIVED


@pytest.mark.parametrize("holder", ["link_holder", "signed_in_author"])
def test_it_asks_before_withdrawing_and_changes_nothing_until_confirmed(holder, client, resident):
    if holder == "link_holder":
        submitted = submit()
        data, back = {"token": submitted.tracking_token}, f"/en/track/{submitted.tracking_token}/"
    else:
        submitted = submit(actor=resident)
        client.force_login(resident)
        data, back = {}, submitted.suggestion.get_absolute_url()
    suggestion = submitted.suggestion

    asked = client.post(withdraw_url(suggestion), data)

    assert asked.status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.state == State.RECEIVED
    page = parse(asked.content)
    assert page.find("h1").text == f"Withdraw the suggestion {suggestion.reference}?"
    assert "cannot be undone" in page.by_id("confirm-consequence").text
    form = page.find("form", action=withdraw_url(suggestion))
    posted = {field.get("name"): field.get("value") for field in form.find_all("input")}
    assert posted == {"csrfmiddlewaretoken": posted["csrfmiddlewaretoken"], **data, **CONFIRMED}
    assert form.find("button").text == "Yes, withdraw the suggestion"
    assert (form.find("a").text, form.find("a").get("href")) == ("No, go back", back)
    assert asked["Cache-Control"] == "private, no-store"  # it holds the tracking token
    assert accessibility_problems(page) == []

    done = client.post(withdraw_url(suggestion), {**data, **CONFIRMED})

    assert done.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == State.WITHDRAWN
