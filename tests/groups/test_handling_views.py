"""The handler panel on the suggestion page and its endpoints: moves, assignment and
internal notes. Permission matrices, what a refused form keeps, and 409 for moves the state
does not allow or that someone else's move overtook."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.lifecycle import Action, State
from ideas.models import Suggestion, SuggestionEvent
from ideas.services.handling import suggestion_add_note
from popsote.taxonomy.models import DecisionReason
from processing_groups.models import Membership
from tests.accounts.markup import accessibility_problems, parse
from tests.factories import make_group
from tests.ideas.community import detail_url, make_suggestion, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_indexing")]


def handled(group, *, state=State.IN_PROCESSING, **extra) -> Suggestion:
    suggestion = make_suggestion(**extra)
    Suggestion.objects.filter(pk=suggestion.pk).update(group=group, state=state)
    suggestion.refresh_from_db()
    return suggestion


def post(client, name, suggestion, data):
    return client.post(url(name, suggestion.reference), data)


ROLES = ["anonymous", "resident", "outsider", "member", "chair", "coordinator"]
HANDLERS = {"member", "chair", "coordinator"}


def request_info(suggestion) -> dict:
    return {
        "action": "request_info",
        "message": "Mihin aikaan käynnit nyt ovat?",
        "expected_state": suggestion.state,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ["transition", "assign", "note"])
@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_it_lets_only_handlers_handle(client_for, request, group, member, role, endpoint, private):
    suggestion = handled(group, is_private=private)
    person = None if role == "anonymous" else request.getfixturevalue(role)
    data = {
        "transition": request_info(suggestion),
        "assign": {"assignee": str(member.pk)},
        "note": {"note": "Soitetaan kotihoitoon."},
    }[endpoint]
    events = SuggestionEvent.objects.filter(suggestion=suggestion).count()

    response = post(client_for(person), endpoint, suggestion, data)

    if role in HANDLERS:
        assert response.status_code == 302
        assert SuggestionEvent.objects.filter(suggestion=suggestion).count() == events + 1
    else:
        assert response.status_code == (404 if private else 403)
        assert SuggestionEvent.objects.filter(suggestion=suggestion).count() == events


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_panel_only_to_handlers(client_for, request, group, member, role):
    suggestion = handled(group)
    person = None if role == "anonymous" else request.getfixturevalue(role)

    page = parse(client_for(person).get(detail_url(suggestion)).content)

    assert (page.by_id("handling") is not None) == (role in HANDLERS)
    assert accessibility_problems(page) == []


@pytest.mark.parametrize(
    "state, offered",
    [
        (
            State.IN_PROCESSING,
            {
                "transfer",
                "request_info",
                "accept",
                "not_advance",
                "merge",
                "existing_solution",
            },
        ),
        (State.RECEIVED, {"route", "transfer", "merge"}),
        (State.INFO_REQUESTED, {"merge"}),
        (State.ACCEPTED, {"start_implementation"}),
        (State.DEPLOYED, set()),
    ],
)
def test_it_offers_the_moves_the_state_allows(client_for, member, group, state, offered):
    suggestion = handled(group, state=state)

    page = parse(client_for(member).get(detail_url(suggestion)).content)

    select = page.find("select", id="handle_action")
    options = set() if select is None else {o.get("value") for o in select.find_all("option")}
    assert options - {""} == offered
    if offered:
        assert page.find("input", id="handle_expected_state").get("value") == state
        assert page.find("button", type="submit").text  # "Save"


def test_it_shows_every_field_without_scripts_and_says_which_action_needs_it(
    client_for, member, group
):
    suggestion = handled(group, state=State.IN_PROCESSING)

    page = parse(client_for(member).get(detail_url(suggestion)).content)

    form = page.find("form", class_="handling-form")
    for field in ("group", "reason", "target", "link"):
        assert page.find(id=f"handle_{field}") is not None
        assert page.find(id=f"handle_{field}_helptext").text.startswith("Needed")
    # The script that hides what the chosen action does not need reads this map.
    assert json.loads(form.get("data-needed-by")) == {
        "handle_group": ["route", "transfer"],
        "handle_reason": ["not_advance"],
        "handle_target": ["merge"],
        "handle_link": ["existing_solution"],
    }


def test_it_records_a_decision_with_its_message_and_note(client_for, member, group):
    suggestion = handled(group)
    client = client_for(member)

    response = post(
        client,
        "transition",
        suggestion,
        {
            "action": "accept",
            "message": "Otamme tämän kehitykseen.",
            "note": "Budjetti tarkistettava.",
            "expected_state": "in_processing",
        },
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == State.ACCEPTED
    event = suggestion.events.get(action=Action.ACCEPT)
    assert (event.public_message, event.internal_note, event.actor) == (
        "Otamme tämän kehitykseen.",
        "Budjetti tarkistettava.",
        member,
    )
    assert "Saved: Accepted for development" in client.get(response["Location"]).content.decode()


def test_it_keeps_what_was_typed_when_a_decision_lacks_its_message(client_for, member, group):
    suggestion = handled(group)

    response = post(
        client_for(member),
        "transition",
        suggestion,
        {
            "action": "accept",
            "message": "",
            "note": "Sisäinen huomio",
            "expected_state": "in_processing",
        },
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert page.find("textarea", id="handle_note").text == "Sisäinen huomio"
    summary = page.find(class_="error-summary")
    assert "A decision needs a public message" in summary.text
    assert summary.find("a", href="#handle_message") is not None
    assert accessibility_problems(page) == []
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_PROCESSING


def test_it_requires_a_reason_to_not_advance(client_for, member, group):
    suggestion = handled(group)
    client = client_for(member)
    data = {"action": "not_advance", "message": "Ei resursseja.", "expected_state": "in_processing"}

    refused = post(client, "transition", suggestion, data)

    assert refused.status_code == 400
    assert parse(refused.content).find(id="handle_reason_error") is not None
    reason = DecisionReason.objects.active().first()
    accepted = post(client, "transition", suggestion, {**data, "reason": reason.code})
    assert accepted.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.not_advanced_reason) == (State.NOT_ADVANCED, reason)


def test_it_names_an_unknown_merge_target(client_for, member, group):
    suggestion = handled(group)

    response = post(
        client_for(member),
        "transition",
        suggestion,
        {
            "action": "merge",
            "message": "Sama asia.",
            "target": "2020-999999",
            "expected_state": "in_processing",
        },
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert page.find("input", id="handle_target").get("value") == "2020-999999"
    assert "No suggestion has this reference" in page.find(id="handle_target_error").text


def test_it_shows_why_a_private_suggestion_cannot_take_a_merge(client_for, member, group):
    suggestion = handled(group)
    private = handled(group, title="Iltakäyntien pituus", is_private=True)

    response = post(
        client_for(member),
        "transition",
        suggestion,
        {
            "action": "merge",
            "message": "Sama asia.",
            "target": private.reference,
            "expected_state": "in_processing",
        },
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert "Merge into a public suggestion." in page.find(id="handle_target_error").text
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.merged_into) == (State.IN_PROCESSING, None)


def test_it_merges_into_a_target_given_by_reference(client_for, member, group):
    suggestion = handled(group)
    target = handled(group, title="Iltakäyntien pituus")

    response = post(
        client_for(member),
        "transition",
        suggestion,
        {
            "action": "merge",
            "message": "Sama asia.",
            "target": target.reference,
            "expected_state": "in_processing",
        },
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.merged_into) == (State.MERGED, target)


def test_it_gives_the_second_of_two_deciders_a_409(client_for, member, chair, group):
    suggestion = handled(group)
    seen = {"message": "Päätös.", "expected_state": "in_processing"}
    assert (
        post(client_for(chair), "transition", suggestion, {**seen, "action": "accept"}).status_code
        == 302
    )

    response = post(
        client_for(member),
        "transition",
        suggestion,
        {**seen, "action": "not_advance", "reason": DecisionReason.objects.first().code},
    )

    assert response.status_code == 409
    assert "Someone else changed this suggestion" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == State.ACCEPTED


def test_it_refuses_a_move_the_state_does_not_allow_with_409(client_for, member, group):
    suggestion = handled(group, state=State.ACCEPTED)

    response = post(
        client_for(member), "transition", suggestion, {"action": "accept", "message": "Uudestaan"}
    )

    assert response.status_code == 409
    suggestion.refresh_from_db()
    assert suggestion.state == State.ACCEPTED


def test_it_assigns_only_members_of_the_group(client_for, chair, member, outsider, group):
    suggestion = handled(group)
    client = client_for(chair)

    refused = post(client, "assign", suggestion, {"assignee": str(outsider.pk)})
    assert refused.status_code == 400
    assigned = post(client, "assign", suggestion, {"assignee": str(member.pk)})
    assert assigned.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.assignee == member
    unassigned = post(client, "assign", suggestion, {"assignee": ""})
    assert unassigned.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.assignee is None


def test_it_refuses_assignment_in_triage_where_there_is_no_group(client_for, coordinator, member):
    suggestion = make_suggestion()
    Suggestion.objects.filter(pk=suggestion.pk).update(group=None)

    response = post(client_for(coordinator), "assign", suggestion, {"assignee": str(member.pk)})

    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_internal_notes_only_to_the_group_and_coordinators(
    client_for, request, group, member, role
):
    suggestion = handled(group)
    assert (
        post(client_for(member), "note", suggestion, {"note": "Salainen huomio"}).status_code == 302
    )
    person = None if role == "anonymous" else request.getfixturevalue(role)

    text = client_for(person).get(detail_url(suggestion)).content.decode()

    assert ("Salainen huomio" in text) == (role in HANDLERS)


def test_it_names_an_empty_note(client_for, member, group):
    suggestion = handled(group)

    response = post(client_for(member), "note", suggestion, {"note": "  "})

    assert response.status_code == 400
    assert parse(response.content).find(id="note_note_error") is not None


def test_it_reads_the_handlers_page_in_the_same_number_of_queries_however_many_members(
    client_for, coordinator, member, group, django_assert_num_queries
):
    from tests.ideas.community import quick_user

    suggestion = handled(group)
    client = client_for(coordinator)
    client.get(detail_url(suggestion))
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(suggestion))
    for number in range(15):
        person = quick_user(f"m{number}@example.fi")
        Membership.objects.create(group=group, user=person)
        suggestion_add_note(actor=coordinator, suggestion=suggestion, note=f"N {number}")
        make_group(f"r-{number}")
    with django_assert_num_queries(len(few)):
        response = client.get(detail_url(suggestion))
    assert (
        len(parse(response.content).find("select", id="assign_assignee").find_all("option")) == 17
    )
