"""Group meetings, the services: planning, the agenda, and minutes whose decisions apply the
suggestions' transitions all together or not at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ideas.lifecycle import Action, MeetingAction, State
from ideas.models import AgendaItem, Meeting, MeetingEvent, Suggestion, SuggestionEvent
from ideas.selectors.meetings import decisions_for
from ideas.services.meetings import (
    MinutesRefused,
    agenda_add,
    agenda_remove,
    agenda_reorder,
    meeting_cancel,
    meeting_create,
    minutes_record,
)
from popsote.core.lifecycle import IllegalTransition
from popsote.taxonomy.models import DecisionReason
from tests.factories import make_group
from tests.groups.meeting_helpers import group_suggestion, make_meeting
from tests.ideas.community import quick_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(group):
    return make_meeting(group)


def on_agenda(meeting, *suggestions) -> list[AgendaItem]:
    return [
        AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=number)
        for number, suggestion in enumerate(suggestions, start=1)
    ]


# --- Planning and cancelling ------------------------------------------------------------------


def test_it_plans_a_meeting_with_an_event(chair, group):
    starts = timezone.now() + timedelta(days=3)

    meeting = meeting_create(
        actor=chair, group=group, title=" Kokous 1/2026 ", starts_at=starts, location="Oulu"
    )

    assert (meeting.title, meeting.state, meeting.created_by) == (
        "Kokous 1/2026",
        Meeting.State.PLANNED,
        chair,
    )
    event = MeetingEvent.objects.get(meeting=meeting)
    assert (event.action, event.to_state, event.actor) == (MeetingAction.CREATE, "planned", chair)


def test_it_refuses_to_plan_a_meeting_for_someone_outside_the_group(group):
    with pytest.raises(PermissionDenied):
        meeting_create(
            actor=quick_user("outsider@example.fi"),
            group=group,
            title="Kokous",
            starts_at=timezone.now(),
        )
    assert not Meeting.objects.exists()


def test_it_lets_a_coordinator_plan_any_groups_meeting(coordinator, group):
    meeting = meeting_create(
        actor=coordinator, group=group, title="Kokous", starts_at=timezone.now()
    )
    assert meeting.group == group


def test_it_cancels_a_planned_meeting_once(member, meeting):
    meeting_cancel(actor=member, meeting=meeting, reason="Ei päätösvaltaa")

    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED
    event = MeetingEvent.objects.get(meeting=meeting, action=MeetingAction.CANCEL)
    assert (event.from_state, event.to_state, event.internal_note) == (
        "planned",
        "cancelled",
        "Ei päätösvaltaa",
    )
    with pytest.raises(IllegalTransition):
        meeting_cancel(actor=member, meeting=meeting)


# --- The agenda -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (State.RECEIVED, True),
        (State.IN_PROCESSING, True),
        (State.INFO_REQUESTED, True),
        (State.ACCEPTED, True),
        (State.IN_IMPLEMENTATION, True),
        (State.DEPLOYED, False),
        (State.NOT_ADVANCED, False),
        (State.MERGED, False),
        (State.EXISTING_SOLUTION, False),
        (State.WITHDRAWN, False),
    ],
)
def test_it_takes_up_only_open_accepted_or_implemented_suggestions(
    member, group, meeting, state, allowed
):
    suggestion = group_suggestion(group, state=state)

    if allowed:
        item = agenda_add(actor=member, meeting=meeting, suggestion=suggestion)
        assert item.position == 1
        assert MeetingEvent.objects.filter(action=MeetingAction.AGENDA_ADD).count() == 1
    else:
        with pytest.raises(ValidationError) as raised:
            agenda_add(actor=member, meeting=meeting, suggestion=suggestion)
        assert "suggestion" in raised.value.message_dict
        assert not AgendaItem.objects.exists()


def test_it_refuses_another_groups_suggestion_and_a_second_listing(member, group, meeting):
    other_group = make_group("lakeus")
    foreign = group_suggestion(other_group)
    own = group_suggestion(group)
    agenda_add(actor=member, meeting=meeting, suggestion=own)

    for suggestion in (foreign, own):
        with pytest.raises(ValidationError):
            agenda_add(actor=member, meeting=meeting, suggestion=suggestion)
    assert AgendaItem.objects.count() == 1


@pytest.mark.parametrize("state", [Meeting.State.HELD, Meeting.State.CANCELLED])
def test_it_keeps_the_agenda_of_a_held_or_cancelled_meeting(member, group, state):
    meeting = make_meeting(group, state=state)
    (item,) = on_agenda(meeting, group_suggestion(group))

    with pytest.raises(IllegalTransition):
        agenda_add(actor=member, meeting=meeting, suggestion=group_suggestion(group))
    with pytest.raises(IllegalTransition):
        agenda_remove(actor=member, meeting=meeting, item=item)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_it_adds_items_last_and_moves_and_removes_them(member, group, meeting):
    first, second, third = (group_suggestion(group, title=f"Ehdotus {n}") for n in range(3))
    items = [
        agenda_add(actor=member, meeting=meeting, suggestion=s) for s in (first, second, third)
    ]

    agenda_reorder(actor=member, meeting=meeting, item=items[2], offset=-1)
    assert list(meeting.items.order_by("position").values_list("suggestion", flat=True)) == [
        first.pk,
        third.pk,
        second.pk,
    ]
    agenda_remove(actor=member, meeting=meeting, item=items[0])
    assert list(meeting.items.order_by("position").values_list("suggestion", flat=True)) == [
        third.pk,
        second.pk,
    ]
    # A second click on "remove" finds nothing left to do.
    agenda_remove(actor=member, meeting=meeting, item=items[0])
    assert MeetingEvent.objects.filter(action=MeetingAction.AGENDA_REMOVE).count() == 1


def test_it_refuses_agenda_changes_to_someone_outside_the_group(group, meeting):
    outsider = quick_user("outsider@example.fi")
    with pytest.raises(PermissionDenied):
        agenda_add(actor=outsider, meeting=meeting, suggestion=group_suggestion(group))


def test_it_offers_only_the_decisions_the_state_allows():
    assert decisions_for(State.IN_PROCESSING) == [
        Action.REQUEST_INFO,
        Action.ACCEPT,
        Action.NOT_ADVANCE,
        Action.MERGE,
        Action.EXISTING_SOLUTION,
    ]
    assert decisions_for(State.ACCEPTED) == [Action.START_IMPLEMENTATION]
    assert decisions_for(State.INFO_REQUESTED) == [Action.MERGE]
    assert decisions_for(State.DEPLOYED) == []


# --- The minutes ------------------------------------------------------------------------------


def test_it_applies_every_decision_and_records_the_meeting_as_held(chair, group, meeting):
    accepted, declined, discussed, started = (
        group_suggestion(group, title="Hyväksytään"),
        group_suggestion(group, title="Ei edetä"),
        group_suggestion(group, title="Keskusteltiin"),
        group_suggestion(group, title="Toteutukseen", state=State.ACCEPTED),
    )
    items = on_agenda(meeting, accepted, declined, discussed, started)
    reason = DecisionReason.objects.active().first()

    minutes_record(
        actor=chair,
        meeting=meeting,
        decisions={
            items[0].pk: {"decision": Action.ACCEPT, "message": "Otetaan kehitykseen."},
            items[1].pk: {
                "decision": Action.NOT_ADVANCE,
                "message": "Ei resursseja.",
                "note": "Palataan syksyllä",
                "reason": reason,
            },
            items[2].pk: {"decision": "", "note": "Selvitetään lisää"},
            items[3].pk: {
                "decision": Action.START_IMPLEMENTATION,
                "message": "Aloitetaan.",
                "expected_state": State.ACCEPTED,
            },
        },
        summary="Neljä asiaa käsiteltiin.",
        attendees="Puheenjohtaja, jäsen",
    )

    states = dict(Suggestion.objects.values_list("title", "state"))
    assert states == {
        "Hyväksytään": State.ACCEPTED,
        "Ei edetä": State.NOT_ADVANCED,
        "Keskusteltiin": State.IN_PROCESSING,
        "Toteutukseen": State.IN_IMPLEMENTATION,
    }
    event = SuggestionEvent.objects.get(suggestion=declined, action=Action.NOT_ADVANCE)
    assert event.data["meeting"] == meeting.pk
    assert (event.public_message, event.internal_note) == ("Ei resursseja.", "Palataan syksyllä")
    outcomes = dict(meeting.items.values_list("suggestion__title", "outcome"))
    assert outcomes == {
        "Hyväksytään": "applied",
        "Ei edetä": "applied",
        "Keskusteltiin": "no_decision",
        "Toteutukseen": "applied",
    }
    assert meeting.items.get(suggestion=declined).reason == reason
    meeting.refresh_from_db()
    assert (meeting.state, meeting.summary, meeting.attendees) == (
        Meeting.State.HELD,
        "Neljä asiaa käsiteltiin.",
        "Puheenjohtaja, jäsen",
    )
    held = MeetingEvent.objects.get(meeting=meeting, action=MeetingAction.RECORD_MINUTES)
    assert (held.from_state, held.to_state) == ("planned", "held")


def test_it_applies_nothing_when_one_decision_is_refused(chair, group, meeting):
    accepted = group_suggestion(group, title="Hyväksytään")
    declined = group_suggestion(group, title="Ei edetä")
    merged = group_suggestion(group, title="Yhdistetään")
    items = on_agenda(meeting, accepted, declined, merged)

    with pytest.raises(MinutesRefused) as raised:
        minutes_record(
            actor=chair,
            meeting=meeting,
            decisions={
                items[0].pk: {"decision": Action.ACCEPT, "message": "Otetaan kehitykseen."},
                # No reason, and no message: both named.
                items[1].pk: {"decision": Action.NOT_ADVANCE},
                items[2].pk: {
                    "decision": Action.MERGE,
                    "message": "Sama asia",
                    "target": "2099-999999",
                },
            },
            summary="Kokous",
        )

    errors = raised.value.message_dict
    assert set(errors) == {
        f"item-{items[1].pk}-reason",
        f"item-{items[1].pk}-message",
        f"item-{items[2].pk}-target",
    }
    assert raised.value.conflict is False
    assert set(Suggestion.objects.values_list("state", flat=True)) == {State.IN_PROCESSING}
    assert not SuggestionEvent.objects.filter(action=Action.ACCEPT).exists()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED
    assert meeting.summary == ""
    assert set(meeting.items.values_list("outcome", flat=True)) == {""}
    assert not MeetingEvent.objects.filter(action=MeetingAction.RECORD_MINUTES).exists()


def test_it_reports_a_conflict_when_someone_decided_an_item_meanwhile(chair, group, meeting):
    first = group_suggestion(group, title="Ensimmäinen")
    second = group_suggestion(group, title="Toinen")
    items = on_agenda(meeting, first, second)
    # Someone decided the second one on its own page after the secretary loaded the form.
    Suggestion.objects.filter(pk=second.pk).update(state=State.ACCEPTED)

    with pytest.raises(MinutesRefused) as raised:
        minutes_record(
            actor=chair,
            meeting=meeting,
            decisions={
                items[0].pk: {"decision": Action.ACCEPT, "message": "Kyllä."},
                items[1].pk: {
                    "decision": Action.ACCEPT,
                    "message": "Kyllä.",
                    "expected_state": State.IN_PROCESSING,
                },
            },
        )

    assert raised.value.conflict is True
    assert list(raised.value.message_dict) == [f"item-{items[1].pk}-decision"]
    first.refresh_from_db()
    assert first.state == State.IN_PROCESSING


def test_it_refuses_a_decision_the_meeting_cannot_make(chair, group, meeting):
    (item,) = on_agenda(meeting, group_suggestion(group))

    with pytest.raises(MinutesRefused) as raised:
        minutes_record(
            actor=chair, meeting=meeting, decisions={item.pk: {"decision": Action.WITHDRAW}}
        )

    assert list(raised.value.message_dict) == [f"item-{item.pk}-decision"]


@pytest.mark.parametrize("state", [Meeting.State.HELD, Meeting.State.CANCELLED])
def test_it_records_the_minutes_only_once_and_never_for_a_cancelled_meeting(chair, group, state):
    meeting = make_meeting(group, state=state)

    with pytest.raises(IllegalTransition):
        minutes_record(actor=chair, meeting=meeting, decisions={})


def test_it_refuses_the_minutes_of_a_meeting_that_has_not_begun(chair, group):
    meeting = make_meeting(group, starts_at=timezone.now() + timedelta(days=2))
    suggestion = group_suggestion(group)
    (item,) = on_agenda(meeting, suggestion)

    with pytest.raises(MinutesRefused) as refused:
        minutes_record(
            actor=chair,
            meeting=meeting,
            decisions={item.pk: {"decision": Action.ACCEPT, "message": "Kyllä."}},
        )

    (message,) = refused.value.message_dict["__all__"]
    assert message.startswith("This meeting has not been held yet: it starts on ")
    meeting.refresh_from_db()
    suggestion.refresh_from_db()
    assert (meeting.state, suggestion.state) == (Meeting.State.PLANNED, State.IN_PROCESSING)
    assert not SuggestionEvent.objects.filter(suggestion=suggestion, action="accept").exists()
    assert not MeetingEvent.objects.filter(meeting=meeting, action="record_minutes").exists()


def test_it_refuses_the_minutes_to_someone_outside_the_group(group, meeting):
    (item,) = on_agenda(meeting, group_suggestion(group))

    with pytest.raises(PermissionDenied):
        minutes_record(
            actor=quick_user("outsider@example.fi"),
            meeting=meeting,
            decisions={item.pk: {"decision": Action.ACCEPT, "message": "Kyllä."}},
        )
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED


def test_it_lets_a_coordinator_record_the_minutes_for_a_group(coordinator, group, meeting):
    suggestion = group_suggestion(group)
    (item,) = on_agenda(meeting, suggestion)

    minutes_record(
        actor=coordinator,
        meeting=meeting,
        decisions={item.pk: {"decision": Action.ACCEPT, "message": "Kyllä."}},
    )

    suggestion.refresh_from_db()
    assert suggestion.state == State.ACCEPTED
