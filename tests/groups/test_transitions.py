"""Each move of ``suggestion_transition``: what it needs, what it refuses, and what it does
besides moving the state (deadlines, decision facts, merge, transfer, impact assessment)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ideas.lifecycle import Action, State
from ideas.models import Follow, ImpactAssessment, Suggestion, SuggestionEvent, Support
from ideas.services.community import suggestion_follow, suggestion_support
from ideas.services.handling import suggestion_assign
from ideas.services.transitions import suggestion_transition
from popsote.core.lifecycle import IllegalTransition
from popsote.notifications.models import Notification
from popsote.taxonomy.models import DecisionReason
from tests.factories import make_group, submit
from tests.ideas.community import quick_user
from tests.ideas.test_api_helpers import IDENTITY_CODE, api, url

pytestmark = pytest.mark.django_db

LINK = "https://aada.example.fi/ratkaisut/etakotihoito/"


@pytest.fixture
def group():
    return make_group("oulu", areas=["oulu"])


@pytest.fixture
def suggestion(group, member, resident):
    """A public suggestion the routing gave to the group "oulu", which has a member by then."""
    suggestion = submit(resident, area="oulu").suggestion
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.group) == (State.IN_PROCESSING, group)
    return suggestion


def move(actor, suggestion, action, **details) -> Suggestion:
    suggestion_transition(actor=actor, suggestion=suggestion, action=action, **details)
    suggestion.refresh_from_db()
    return suggestion


def snapshot(suggestion) -> tuple:
    row = Suggestion.objects.get(pk=suggestion.pk)
    return (
        row.state,
        row.group_id,
        row.updated_at,
        row.decided_at,
        row.first_response_at,
        SuggestionEvent.objects.filter(suggestion=row).count(),
        Notification.objects.count(),
    )


def refused(actor, suggestion, action, **details) -> dict:
    """The fields the service names; asserts that nothing changed, not even a notification."""
    before = snapshot(suggestion)
    with pytest.raises(ValidationError) as error:
        suggestion_transition(actor=actor, suggestion=suggestion, action=action, **details)
    assert snapshot(suggestion) == before
    return error.value.message_dict


def a_target(resident_of_target=None, **fields) -> Suggestion:
    target = submit(
        resident_of_target or quick_user("target-author@example.fi"),
        title="Iltakäyntien pituus",
        area="oulu",
        **fields,
    ).suggestion
    target.refresh_from_db()
    return target


# --- What each move needs -------------------------------------------------------------------


DECISIONS = {
    "accept": {},
    "not_advance": {"reason_code": "not-feasible"},
    "existing_solution": {"link": LINK},
    "merge": {"target": True},
    "request_info": {},
}


@pytest.mark.parametrize("message", ["", "   "])
@pytest.mark.parametrize("action", DECISIONS)
def test_it_requires_a_public_message_for_each_decision_and_question(
    action, message, suggestion, member
):
    details = dict(DECISIONS[action])
    if details.pop("reason_code", None):
        details["reason"] = DecisionReason.objects.get(code="not-feasible")
    if details.pop("target", None):
        details["target"] = a_target().reference

    errors = refused(member, suggestion, action, message=message, **details)

    assert list(errors) == ["message"]


def test_it_requires_the_answer_of_the_submitter(suggestion, member, resident):
    move(member, suggestion, "request_info", message="Mihin aikaan käynnit ovat?")

    errors = refused(resident, suggestion, "answer_info", message=" ")

    assert errors == {"message": ["Write your answer."]}


def test_it_names_every_missing_detail_at_once(suggestion, member):
    errors = refused(member, suggestion, "not_advance")

    assert set(errors) == {"message", "reason"}


def test_it_requires_a_reason_code_to_not_advance_and_refuses_a_retired_one(suggestion, member):
    retired = DecisionReason.objects.get(code="strategy")
    retired.is_active = False
    retired.save()

    missing = refused(member, suggestion, "not_advance", message="Ei etene.")
    old = refused(member, suggestion, "not_advance", message="Ei etene.", reason=retired)

    assert missing == {"reason": ["Choose the reason."]}
    assert old == {"reason": ["This reason is no longer in use."]}


def test_it_records_the_reason_of_not_advancing(suggestion, member):
    reason = DecisionReason.objects.get(code="already-planned")

    move(member, suggestion, "not_advance", message="Tämä on jo tulossa.", reason=reason)

    assert (suggestion.state, suggestion.not_advanced_reason) == (State.NOT_ADVANCED, reason)
    event = suggestion.events.get(action=Action.NOT_ADVANCE)
    assert (event.public_message, event.data) == ("Tämä on jo tulossa.", {"reason": reason.code})
    body = api().get(url("detail", suggestion.reference)).json()
    assert (body["not_advanced_reason"], body["not_advanced_reason_label"]) == (
        "already-planned",
        "Already planned or under way",
    )


@pytest.mark.parametrize(
    "link", ["", "aada.example.fi", "javascript:alert(1)", "ftp://aada.example.fi/x"]
)
def test_it_requires_a_web_address_for_an_existing_solution(link, suggestion, member):
    errors = refused(member, suggestion, "existing_solution", message="Löytyy jo.", link=link)

    assert list(errors) == ["link"]


def test_it_links_the_existing_solution(suggestion, member):
    move(member, suggestion, "existing_solution", message="Katso AADA.", link=f"  {LINK} ")

    assert (suggestion.state, suggestion.solution_link) == (State.EXISTING_SOLUTION, LINK)
    assert suggestion.events.get(action=Action.EXISTING_SOLUTION).data == {"link": LINK}
    assert api().get(url("detail", suggestion.reference)).json()["solution_link"] == LINK


def test_it_refuses_a_personal_identity_code_in_the_public_message(suggestion, member):
    errors = refused(member, suggestion, "accept", message=f"Asiakas {IDENTITY_CODE} kiittää.")

    assert list(errors) == ["message"]
    assert "personal identity code" in errors["message"][0]


def test_it_refuses_a_move_the_state_does_not_allow_and_changes_nothing(suggestion, member):
    before = snapshot(suggestion)

    with pytest.raises(IllegalTransition) as error:
        suggestion_transition(
            actor=member, suggestion=suggestion, action="mark_deployed", message="Valmis."
        )

    assert "In processing" in str(error.value)
    assert snapshot(suggestion) == before


def test_it_refuses_when_the_state_is_no_longer_the_one_the_handler_saw(suggestion, member):
    target = a_target()
    move(member, suggestion, "request_info", message="Tarkennatko?")
    before = snapshot(suggestion)

    with pytest.raises(IllegalTransition) as error:
        suggestion_transition(
            actor=member,
            suggestion=suggestion,
            action="merge",
            message="Sama asia.",
            target=target.reference,
            expected_state=State.IN_PROCESSING,
        )

    assert "Someone else changed this suggestion" in str(error.value)
    assert "Information requested" in str(error.value)
    assert snapshot(suggestion) == before


# --- Routing and transfer -------------------------------------------------------------------


def test_it_requires_a_group_to_route_a_suggestion_out_of_triage(resident, coordinator):
    in_triage = submit(resident, area="lakeus").suggestion
    retired = make_group("retired", is_active=False)

    assert refused(coordinator, in_triage, "route") == {"group": ["Choose the handler group."]}
    assert list(refused(coordinator, in_triage, "route", group=retired)) == ["group"]

    lakeus = make_group("lakeus", first_response_days=5, decision_days=20)
    move(coordinator, in_triage, "route", group=lakeus, message="Lakeuden ryhmälle.")
    assert (in_triage.state, in_triage.group) == (State.IN_PROCESSING, lakeus)
    assert in_triage.response_due_at == in_triage.created_at + timedelta(days=5)
    assert in_triage.due_at == in_triage.response_due_at


def test_it_requires_another_active_group_and_a_reason_to_transfer(suggestion, member, group):
    other = make_group("lakeus")
    retired = make_group("retired", is_active=False)

    assert list(refused(member, suggestion, "transfer", note="Väärä alue.")) == ["group"]
    assert list(refused(member, suggestion, "transfer", group=group, note="x")) == ["group"]
    assert list(refused(member, suggestion, "transfer", group=retired, note="x")) == ["group"]
    assert refused(member, suggestion, "transfer", group=other) == {
        "message": ["Give the reason for the transfer."]
    }


def test_it_transfers_with_a_reason_and_the_new_groups_deadlines(suggestion, member, group):
    newcomer = quick_user("lakeus-member@example.fi")
    lakeus = make_group("lakeus", members=[newcomer], first_response_days=3, decision_days=10)
    suggestion_assign(actor=member, suggestion=suggestion, assignee=member)

    move(member, suggestion, "transfer", group=lakeus, note="Koskee Lakeuden aluetta.")

    assert (suggestion.state, suggestion.group, suggestion.assignee) == (
        State.IN_PROCESSING,
        lakeus,
        None,
    )
    assert suggestion.response_due_at == suggestion.created_at + timedelta(days=3)
    assert suggestion.decision_due_at == suggestion.created_at + timedelta(days=10)
    assert suggestion.due_at == suggestion.response_due_at
    event = suggestion.events.get(action=Action.TRANSFER)
    assert (event.from_state, event.to_state) == (State.IN_PROCESSING, State.IN_PROCESSING)
    assert (event.internal_note, event.data) == (
        "Koskee Lakeuden aluetta.",
        {"from_group": "oulu", "group": "lakeus"},
    )
    # The new group hears of it; the old group has lost it from its queue.
    assert Notification.objects.filter(recipient=newcomer, kind="suggestion.group.transfer")
    assert not Suggestion.objects.filter(group=group).exists()


# --- Service levels and the lifecycle to deployment -----------------------------------------


def test_it_stops_the_first_response_clock_at_the_first_answer_only(suggestion, member, resident):
    assert (suggestion.first_response_at, suggestion.due_at) == (None, suggestion.response_due_at)

    move(member, suggestion, "request_info", message="Mihin aikaan?")
    first = suggestion.first_response_at
    assert first is not None
    assert suggestion.due_at == suggestion.decision_due_at

    move(resident, suggestion, "answer_info", message="Iltaisin kuuden jälkeen.")
    assert suggestion.state == State.IN_PROCESSING
    move(member, suggestion, "accept", message="Otetaan kehitykseen.")

    assert suggestion.first_response_at == first
    assert suggestion.decided_at >= first
    assert suggestion.due_at is None


def test_it_counts_a_decision_as_the_first_response(suggestion, member):
    move(member, suggestion, "accept", message="Otetaan kehitykseen.")

    assert suggestion.first_response_at == suggestion.decided_at is not None


def test_it_takes_an_accepted_suggestion_to_deployment_and_opens_an_impact_assessment(
    suggestion, member
):
    move(member, suggestion, "accept", message="Otetaan kehitykseen.")
    decided = suggestion.decided_at
    move(member, suggestion, "start_implementation", message="Pilotti alkaa.")
    assert not ImpactAssessment.objects.exists()

    move(member, suggestion, "mark_deployed", message="Käytössä kaikilla asemilla.")

    assert (suggestion.state, suggestion.decided_at, suggestion.due_at) == (
        State.DEPLOYED,
        decided,
        None,
    )
    assessment = ImpactAssessment.objects.get(suggestion=suggestion)
    assert assessment.completed_at is None
    assert assessment.due_at - assessment.opened_at == timedelta(days=180)
    assert abs(assessment.opened_at - timezone.now()) < timedelta(minutes=1)
    assert [event.action for event in suggestion.events.order_by("pk")][-3:] == [
        "accept",
        "start_implementation",
        "mark_deployed",
    ]


# --- Merge ----------------------------------------------------------------------------------


def test_it_carries_supporters_and_followers_over_without_counting_anyone_twice(
    suggestion, member, resident
):
    target_author = quick_user("target-author@example.fi")
    target = a_target(target_author)
    only_source, both, only_target, follower = (
        quick_user(f"{name}@example.fi") for name in ("only-source", "both", "only-target", "f")
    )
    for person in (only_source, both, target_author):
        suggestion_support(actor=person, suggestion=suggestion)
    for person in (both, only_target):
        suggestion_support(actor=person, suggestion=target)
    suggestion_follow(actor=follower, suggestion=suggestion)

    move(member, suggestion, "merge", message="Sama asia kuin toisessa.", target=target.reference)

    target.refresh_from_db()
    supporters = set(Support.objects.filter(suggestion=target).values_list("user", flat=True))
    # The source's submitter had the same need; the target's own author does not support it.
    assert supporters == {only_source.pk, both.pk, only_target.pk, resident.pk}
    assert target.support_count == 4
    assert (suggestion.state, suggestion.merged_into, suggestion.support_count) == (
        State.MERGED,
        target,
        0,
    )
    assert not Support.objects.filter(suggestion=suggestion).exists()
    followers = set(Follow.objects.filter(suggestion=target).values_list("user", flat=True))
    assert {only_source.pk, both.pk, follower.pk, resident.pk, target_author.pk} <= followers
    assert suggestion.events.get(action=Action.MERGE).data == {
        "target": target.reference,
        "supports_moved": 3,
        "supporters_added": 2,
    }


def test_it_refuses_to_merge_without_a_target_into_itself_or_into_a_closed_one(
    suggestion, member, resident
):
    withdrawn = a_target()
    suggestion_transition(actor=withdrawn.submitter, suggestion=withdrawn, action="withdraw")

    for target in ("", suggestion.reference, withdrawn.reference):
        errors = refused(member, suggestion, "merge", message="Sama asia.", target=target)
        assert list(errors) == ["target"]


def test_it_refuses_to_merge_into_a_suggestion_the_handler_may_not_see(suggestion, member):
    make_group("lakeus", areas=["lakeus"])
    private = submit(quick_user("x@example.fi"), area="lakeus", is_private=True).suggestion

    errors = refused(member, suggestion, "merge", message="Sama asia.", target=private.reference)

    assert errors == {"target": ["No suggestion has this reference."]}


@pytest.mark.parametrize("unseen", ["is_private", "is_hidden"])
def test_it_refuses_to_merge_into_a_suggestion_the_public_cannot_see(
    unseen, suggestion, member, other_resident
):
    # The handler sees the target (their group has it), but its new supporters would not.
    target = a_target()
    Suggestion.objects.filter(pk=target.pk).update(**{unseen: True})
    target.refresh_from_db()
    suggestion_support(actor=other_resident, suggestion=suggestion)

    errors = refused(member, suggestion, "merge", message="Sama asia.", target=target.reference)

    assert errors == {
        "target": [
            "That suggestion is private or hidden: the people carried over to it could not see "
            "it. Merge into a public suggestion."
        ]
    }
    assert list(Support.objects.filter(suggestion=suggestion).values_list("user", flat=True)) == [
        other_resident.pk
    ]
    assert not Support.objects.filter(suggestion=target).exists()


def test_it_points_the_merged_suggestion_to_its_target_in_the_api_and_on_the_page(
    suggestion, member, client
):
    target = a_target()
    move(member, suggestion, "merge", message="Jatkuu toisessa.", target=target.reference)

    body = api().get(url("detail", suggestion.reference)).json()
    page = client.get(suggestion.get_absolute_url()).content.decode()

    assert body["state"] == State.MERGED
    assert body["merged_into"] == target.reference
    assert body["merged_into_url"].endswith(url("detail", target.reference))
    assert f'href="{target.get_absolute_url()}"' in page


# --- Internal notes -------------------------------------------------------------------------


def test_it_keeps_internal_notes_from_the_public_and_the_submitter(
    suggestion, member, resident, other_resident, coordinator, client
):
    note = "Sisäinen: budjetti ei riitä tänä vuonna."
    move(member, suggestion, "request_info", message="Tarkennatko?", note=note)

    for person in (None, resident, other_resident):
        events = api(person, token=person is not None).get(url("events", suggestion.reference))
        detail = api(person, token=person is not None).get(url("detail", suggestion.reference))
        assert note not in events.content.decode() + detail.content.decode()
        assert all("note" not in event for event in events.json()["results"])
        assert "assignee" not in detail.json()
    assert note not in client.get(suggestion.get_absolute_url()).content.decode()
    for insider in (member, coordinator):
        events = api(insider, token=True).get(url("events", suggestion.reference)).json()
        assert note in [event["note"] for event in events["results"]]
        assert (
            "next_due" in api(insider, token=True).get(url("detail", suggestion.reference)).json()
        )


def test_it_shows_the_handlers_the_assignee_and_the_deadlines(suggestion, member):
    suggestion_assign(actor=member, suggestion=suggestion, assignee=member)

    body = api(member, token=True).get(url("detail", suggestion.reference)).json()

    assert body["assignee"] == {"id": member.pk, "name": "Maija Member"}
    assert body["response_due"] is not None
    assert body["next_due"] == body["response_due"]
    assert (body["first_response"], body["decided"], body["deadline"]) == (None, None, "")


# --- Through the API ------------------------------------------------------------------------


def test_it_names_the_missing_fields_through_the_api_and_changes_nothing(suggestion, member):
    before = snapshot(suggestion)

    response = api(member, token=True).post(
        url("transitions", suggestion.reference), {"action": "not_advance"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"message", "reason"}
    assert snapshot(suggestion) == before


def test_it_names_an_unknown_reason_code_through_the_api(suggestion, member):
    response = api(member, token=True).post(
        url("transitions", suggestion.reference),
        {"action": "not_advance", "message": "Ei etene.", "reason": "no-such-reason"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"reason": ["No reason has this code."]}


def test_it_decides_through_the_api_with_every_detail(suggestion, member):
    target = a_target()
    client = api(member, token=True)

    merged = client.post(
        url("transitions", suggestion.reference),
        {
            "action": "merge",
            "message": "Sama asia.",
            "note": "Yhdistetty kokouksessa.",
            "target": target.reference,
            "expected_state": "in_processing",
        },
        format="json",
    )

    assert merged.status_code == 200
    assert (merged.json()["state"], merged.json()["merged_into"]) == ("merged", target.reference)
    assert merged.json()["timeline"][-1]["note"] == "Yhdistetty kokouksessa."


def test_it_answers_409_when_someone_else_moved_the_suggestion_first(suggestion, member):
    move(member, suggestion, "accept", message="Otetaan kehitykseen.")
    before = snapshot(suggestion)

    response = api(member, token=True).post(
        url("transitions", suggestion.reference),
        {
            "action": "not_advance",
            "message": "Ei.",
            "reason": "other",
            "expected_state": "in_processing",
        },
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert "Someone else changed this suggestion" in response.json()["detail"]
    assert snapshot(suggestion) == before


def test_it_answers_a_member_who_transferred_a_private_suggestion_away_as_an_outsider(
    resident, member, group
):
    private = submit(resident, area="oulu", is_private=True).suggestion
    make_group("lakeus")

    response = api(member, token=True).post(
        url("transitions", private.reference),
        {"action": "transfer", "group": "lakeus", "note": "Kuuluu Lakeudelle."},
        format="json",
    )

    # The move was theirs and succeeded, though the suggestion is no longer theirs to see.
    assert response.status_code == 200
    assert (response.json()["group"], response.json()["state"]) == ("lakeus", "in_processing")
    assert "assignee" not in response.json()
    assert all("note" not in event for event in response.json()["timeline"])
    assert api(member, token=True).get(url("detail", private.reference)).status_code == 404
