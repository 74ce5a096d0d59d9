"""Who may make which move in which state, through the API: every action × role × state.

The tables below are the designed lifecycle and roles written out by hand, not read from the
code: where a role may act and the state allows the move, the answer is 200 with the new
state and exactly one new event; where the state does not allow it, 409; where the person has
no right, 403, or 404 when they may not even see the suggestion. Every refusal changes
nothing.

"triage" is a suggestion routing could not place (received, no group); "received" one that
has a group while still received (a coordinator transferred it out of triage).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from ideas.models import Suggestion, SuggestionEvent, Support
from tests.factories import PEOPLE, make_group, make_person, submit
from tests.ideas.community import quick_user
from tests.ideas.test_api_helpers import api, url

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "submitter",
    "tracking_link",
    "other_resident",
    "member",
    "chair",
    "other_group_member",
    "coordinator",
)
STATES = (
    "triage",
    "received",
    "in_processing",
    "info_requested",
    "accepted",
    "in_implementation",
    "deployed",
    "not_advanced",
    "merged",
    "existing_solution",
    "withdrawn",
)
OPEN = {"triage", "received", "in_processing", "info_requested"}

# action: (the states it starts from, the state it leaves; None keeps the state)
MOVES = {
    "route": ({"triage", "received"}, "in_processing"),
    "transfer": ({"triage", "received", "in_processing"}, None),
    "request_info": ({"in_processing"}, "info_requested"),
    "answer_info": ({"info_requested"}, "in_processing"),
    "accept": ({"in_processing"}, "accepted"),
    "start_implementation": ({"accepted"}, "in_implementation"),
    "mark_deployed": ({"in_implementation"}, "deployed"),
    "not_advance": ({"in_processing"}, "not_advanced"),
    "merge": (OPEN, "merged"),
    "existing_solution": ({"in_processing"}, "existing_solution"),
    "withdraw": (OPEN, "withdrawn"),
}
AUTHORS = {"submitter", "tracking_link"}
AUTHOR_ACTIONS = {"withdraw", "answer_info"}
# Handlers of a suggestion in the group "oulu": its members and chair, and the coordinators,
# who stand in for any group. A suggestion in triage has no group: only the coordinators.
GROUP_HANDLERS = {"member", "chair", "coordinator"}

PAYLOADS = {
    "route": {"group": "lakeus", "message": "Lakeuden ryhmälle."},
    "transfer": {"group": "lakeus", "note": "Koskee Lakeuden aluetta."},
    "request_info": {"message": "Mihin aikaan käynnit ovat?"},
    "answer_info": {"message": "Iltaisin kuuden jälkeen."},
    "accept": {"message": "Otetaan kehitykseen."},
    "start_implementation": {"message": "Pilotti alkaa."},
    "mark_deployed": {"message": "Käytössä."},
    "not_advance": {"message": "Ei etene tänä vuonna.", "reason": "not-feasible"},
    "merge": {"message": "Sama asia kuin toisessa."},
    "existing_solution": {"message": "Katso AADA.", "link": "https://aada.example.fi/x/"},
    "withdraw": {"message": "Asia ratkesi."},
}


def may_see(role: str, state: str, *, private: bool) -> bool:
    if not private or role in AUTHORS or role == "coordinator":
        return True
    return role in ("member", "chair") and state != "triage"


def may_act(role: str, action: str, state: str) -> bool:
    if action in AUTHOR_ACTIONS:
        return role in AUTHORS
    if state == "triage":
        return role == "coordinator"
    return role in GROUP_HANDLERS


def expected_status(role: str, action: str, state: str, *, private: bool) -> int:
    if not may_see(role, state, private=private):
        return 404
    if not may_act(role, action, state):
        return 403
    return 200 if state in MOVES[action][0] else 409


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    """Built once for the module (each test runs in a savepoint, so a move one test makes the
    next does not see): the people, the groups "oulu" and "lakeus", a public merge target in
    "oulu", and one suggestion in "oulu" for each state, visibility and author (signed in, or
    signed out with a tracking link)."""
    with django_db_blocker.unblock(), translation.override("en"):
        people = {
            "submitter": make_person(**PEOPLE["resident"]),
            "other_resident": make_person(**PEOPLE["other_resident"]),
            "member": quick_user("member@example.fi"),
            "chair": quick_user("chair@example.fi"),
            "other_group_member": quick_user("lakeus-member@example.fi"),
            "coordinator": make_person(**PEOPLE["coordinator"]),
        }
        make_group("oulu", areas=["oulu"], members=[people["member"]], chairs=[people["chair"]])
        make_group("lakeus", areas=["lakeus"], members=[people["other_group_member"]])
        target = submit(quick_user("target@example.fi"), area="oulu").suggestion
        suggestions = {}
        for state in STATES:
            for private in (False, True):
                for by_link in (False, True):
                    submitted = submit(
                        None if by_link else people["submitter"], area="oulu", is_private=private
                    )
                    changes: dict = {"state": "received" if state == "triage" else state}
                    if state == "triage":
                        changes["group"] = None
                    if state == "merged":
                        changes["merged_into"] = target
                    Suggestion.objects.filter(pk=submitted.suggestion.pk).update(**changes)
                    suggestions[state, private, by_link] = (
                        submitted.suggestion.pk,
                        submitted.tracking_token,
                    )
    return {"people": people, "target": target.pk, "suggestions": suggestions}


def prepare(role: str, state: str, world: dict, *, private: bool):
    """The suggestion in ``state`` and the public merge target, both in the group "oulu"."""
    pk, token = world["suggestions"][state, private, role == "tracking_link"]
    return Suggestion.objects.get(pk=pk), Suggestion.objects.get(pk=world["target"]), token


def snapshot(suggestion) -> tuple:
    row = Suggestion.objects.get(pk=suggestion.pk)
    return (
        row.state,
        row.group_id,
        row.merged_into_id,
        row.updated_at,
        row.support_count,
        SuggestionEvent.objects.filter(suggestion=row).count(),
        Support.objects.filter(suggestion=row).count(),
    )


def check(role, action, state, world, *, private: bool) -> None:
    suggestion, target, token = prepare(role, state, world, private=private)
    people = world["people"]
    body = {"action": action, **PAYLOADS[action]}
    if action == "merge":
        body["target"] = target.reference
    if role == "tracking_link":
        body["tracking_token"] = token
    person = people.get(role)
    client = api(person, token=True) if person is not None else api()
    before, target_before = snapshot(suggestion), snapshot(target)
    last_event = SuggestionEvent.objects.filter(suggestion=suggestion).latest("pk").pk

    response = client.post(url("transitions", suggestion.reference), body, format="json")

    status = expected_status(role, action, state, private=private)
    assert response.status_code == status, response.json()
    if status != 200:
        assert snapshot(suggestion) == before
        assert snapshot(target) == target_before
        return
    suggestion.refresh_from_db()
    to_state = MOVES[action][1] or suggestion.state
    assert suggestion.state == to_state
    assert response.json()["state"] == to_state
    new_events = SuggestionEvent.objects.filter(suggestion=suggestion, pk__gt=last_event)
    assert [event.action for event in new_events] == [action]
    if action in ("route", "transfer"):
        assert suggestion.group.slug == "lakeus"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MOVES)
def test_it_lets_exactly_the_right_people_make_each_move_on_a_public_suggestion(
    action, role, state, world
):
    check(role, action, state, world, private=False)


@pytest.mark.parametrize("state", ["triage", "in_processing", "info_requested", "accepted"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MOVES)
def test_it_hides_a_private_suggestion_from_those_who_may_not_see_it(action, role, state, world):
    check(role, action, state, world, private=True)


def test_it_covers_every_move_of_the_lifecycle():
    from ideas.lifecycle import LIFECYCLE

    assert set(MOVES) == set(LIFECYCLE.moves)
    for action, (sources, _target) in MOVES.items():
        allowed = {"received" if state == "triage" else state for state in sources}
        assert allowed == set(LIFECYCLE.moves[action].sources), action
