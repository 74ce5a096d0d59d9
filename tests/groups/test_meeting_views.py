"""Group meetings, the pages: who may see and run them (role × meeting state), the agenda and
minutes forms, the all-or-nothing minutes and query counts that do not grow with the agenda."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.lifecycle import Action, State
from ideas.models import AgendaItem, Meeting, Suggestion, SuggestionEvent
from popsote.taxonomy.models import DecisionReason
from tests.accounts.markup import parse
from tests.factories import make_group
from tests.groups.meeting_helpers import group_suggestion, group_url, make_meeting
from tests.ideas.community import quick_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(group):
    return make_meeting(group)


ROLES = ["signed_out", "outsider", "other_group_member", "member", "chair", "coordinator"]
RUNS_MEETINGS = {"member", "chair", "coordinator"}
STATES = [Meeting.State.PLANNED, Meeting.State.HELD, Meeting.State.CANCELLED]


@pytest.fixture
def person(chair, member, coordinator):
    def make(role):
        if role == "signed_out":
            return None
        if role == "outsider":
            return quick_user("outsider@example.fi")
        if role == "other_group_member":
            other = quick_user("other-group@example.fi")
            make_group("lakeus", members=[other])
            return other
        return {"member": member, "chair": chair, "coordinator": coordinator}[role]

    return make


def minutes_data(*items, decision="", message="", **fields) -> dict:
    data = {"summary": "", "attendees": ""}
    for item in items:
        prefix = f"item-{item.pk}-"
        data.update(
            {
                prefix + "decision": decision,
                prefix + "message": message,
                prefix + "note": "",
                prefix + "reason": "",
                prefix + "target": "",
                prefix + "link": "",
                prefix + "expected_state": item.suggestion.state,
            }
        )
        data.update({prefix + name: value for name, value in fields.items()})
    return data


# --- Permission matrix ------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["meetings", "meeting", "minutes_print", "meeting_create"])
def test_it_shows_the_meeting_pages_only_to_the_group_and_coordinators(
    client_for, person, group, role, state, page
):
    meeting = make_meeting(group, state=state)
    args = (group.slug,) if page in ("meetings", "meeting_create") else (group.slug, meeting.pk)

    response = client_for(person(role)).get(group_url(page, *args))

    if role == "signed_out":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in RUNS_MEETINGS:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_it_records_minutes_only_for_the_group_and_only_while_planned(
    client_for, person, group, role, state
):
    meeting = make_meeting(group, state=state)
    suggestion = group_suggestion(group)
    item = AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=1)
    data = minutes_data(item, decision=Action.ACCEPT, message="Otetaan kehitykseen.")

    response = client_for(person(role)).post(group_url("minutes", group.slug, meeting.pk), data)

    suggestion.refresh_from_db()
    if role == "signed_out":
        expected = 302
    elif role not in RUNS_MEETINGS:
        expected = 404
    elif state == Meeting.State.PLANNED:
        expected = 302
    else:
        expected = 409
    assert response.status_code == expected
    applied = role in RUNS_MEETINGS and state == Meeting.State.PLANNED
    assert suggestion.state == (State.ACCEPTED if applied else State.IN_PROCESSING)
    if applied:
        assert response["Location"] == group_url("minutes_print", group.slug, meeting.pk)


def test_it_says_that_the_minutes_wait_until_the_meeting_has_begun(client_for, member, group):
    meeting = make_meeting(group, starts_at=timezone.now() + timedelta(days=2))
    suggestion = group_suggestion(group)
    item = AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=1)
    client = client_for(member)
    page = group_url("minutes", group.slug, meeting.pk)

    shown = client.get(page)
    sent = client.post(page, minutes_data(item, decision=Action.ACCEPT, message="Kyllä."))

    assert (shown.status_code, sent.status_code) == (200, 409)
    for response in (shown, sent):
        html = response.content.decode()
        assert "This meeting has not been held yet: it starts on " in html
        assert 'name="item-' not in html  # no form to fill in for nothing
        back = parse(html).find("main").find("a", href=group_url("meeting", group.slug, meeting.pk))
        assert back.text == "Back to the meeting"
    suggestion.refresh_from_db()
    meeting.refresh_from_db()
    assert (suggestion.state, meeting.state) == (State.IN_PROCESSING, Meeting.State.PLANNED)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_it_changes_the_agenda_only_for_the_group_and_only_while_planned(
    client_for, person, group, role, state
):
    meeting = make_meeting(group, state=state)
    suggestion = group_suggestion(group)

    response = client_for(person(role)).post(
        group_url("meeting", group.slug, meeting.pk),
        {"op": "add", "reference": suggestion.reference},
    )

    if role == "signed_out":
        expected = 302
    elif role not in RUNS_MEETINGS:
        expected = 404
    elif state == Meeting.State.PLANNED:
        expected = 302
    else:
        expected = 409
    assert response.status_code == expected
    added = role in RUNS_MEETINGS and state == Meeting.State.PLANNED
    assert AgendaItem.objects.filter(meeting=meeting).exists() is added


def test_it_answers_404_for_a_meeting_of_another_group(client_for, member, group):
    other = make_group("lakeus", members=[member])
    meeting = make_meeting(other)

    response = client_for(member).get(group_url("meeting", group.slug, meeting.pk))

    assert response.status_code == 404


# --- Planning and the agenda ------------------------------------------------------------------


def test_it_plans_a_meeting_and_opens_its_agenda(client_for, member, group):
    response = client_for(member).post(
        group_url("meeting_create", group.slug),
        {"title": "Kokous 4/2026", "starts_at": "2026-12-01T13:00", "location": "Oulu"},
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == group_url("meeting", group.slug, meeting.pk)
    assert (meeting.title, timezone.localtime(meeting.starts_at).hour, meeting.created_by) == (
        "Kokous 4/2026",
        13,
        member,
    )


def test_it_keeps_what_was_typed_when_the_date_is_missing(client_for, member, group):
    response = client_for(member).post(
        group_url("meeting_create", group.slug), {"title": "Kokous 4/2026", "starts_at": ""}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kokous 4/2026"' in html
    assert 'href="#id_starts_at">Date and time: This field is required.' in html
    assert not Meeting.objects.exists()


def test_it_names_an_unknown_reference(client_for, member, group, meeting):
    response = client_for(member).post(
        group_url("meeting", group.slug, meeting.pk), {"op": "add", "reference": "2099-000001"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The group has no suggestion with this reference." in html
    assert 'value="2099-000001"' in html


def test_it_removes_and_reorders_items_from_the_agenda_page(client_for, member, group, meeting):
    first, second = group_suggestion(group, title="Eka"), group_suggestion(group, title="Toka")
    one = AgendaItem.objects.create(meeting=meeting, suggestion=first, position=1)
    AgendaItem.objects.create(meeting=meeting, suggestion=second, position=2)
    client = client_for(member)
    address = group_url("meeting", group.slug, meeting.pk)

    client.post(address, {"op": "down", "item": one.pk})
    assert list(meeting.items.order_by("position").values_list("suggestion__title", flat=True)) == [
        "Toka",
        "Eka",
    ]
    client.post(address, {"op": "remove", "item": one.pk})
    assert list(meeting.items.values_list("suggestion__title", flat=True)) == ["Toka"]


def test_it_returns_to_the_agenda_item_that_changed(client_for, member, group, meeting):
    first, second = group_suggestion(group, title="Eka"), group_suggestion(group, title="Toka")
    one = AgendaItem.objects.create(meeting=meeting, suggestion=first, position=1)
    client = client_for(member)
    address = group_url("meeting", group.slug, meeting.pk)

    added = client.post(address, {"op": "add", "reference": second.reference})
    two = meeting.items.get(suggestion=second)
    assert added["Location"] == f"{address}#agenda-item-{two.pk}"
    moved = client.post(address, {"op": "up", "item": two.pk})
    assert moved["Location"] == f"{address}#agenda-item-{two.pk}"
    removed = client.post(address, {"op": "remove", "item": one.pk})
    assert removed["Location"] == f"{address}#agenda"
    page = parse(client.get(address).content)
    assert page.by_id(f"agenda-item-{two.pk}") is not None
    assert page.by_id("agenda") is not None


def test_it_asks_before_cancelling_the_meeting_and_then_cancels_it(
    client_for, member, meeting, group
):
    client = client_for(member)
    address = group_url("meeting", group.slug, meeting.pk)

    asked = client.post(address, {"op": "cancel", "reason": "Sairastumisia"})

    meeting.refresh_from_db()
    assert (asked.status_code, meeting.state) == (200, Meeting.State.PLANNED)
    html = asked.content.decode()
    assert f'<h1 id="confirm-title">Cancel the meeting “{meeting.title}”?</h1>' in html
    assert '<input type="hidden" name="reason" value="Sairastumisia">' in html
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert f'<a href="{address}">No, go back</a>' in html

    response = client.post(address, {"op": "cancel", "reason": "Sairastumisia", "confirm": "yes"})

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.state == Meeting.State.CANCELLED
    event = meeting.events.get(action="cancel")
    assert event.internal_note == "Sairastumisia"


def test_it_refuses_an_agenda_item_or_cancel_reason_no_page_would_send(
    client_for, member, meeting, group
):
    client = client_for(member)
    client.raise_request_exception = False
    address = group_url("meeting", group.slug, meeting.pk)

    odd_item = client.post(address, {"op": "remove", "item": "x"})
    odd_reason = client.post(address, {"op": "cancel", "reason": "a\x00", "confirm": "yes"})

    assert (odd_item.status_code, odd_reason.status_code) == (302, 400)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED


# --- The minutes form -------------------------------------------------------------------------


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_it_offers_each_item_only_the_decisions_its_state_allows(
    client_for, member, group, meeting
):
    open_one = group_suggestion(group, title="Auki")
    accepted = group_suggestion(group, title="Hyväksytty", state=State.ACCEPTED)
    first = AgendaItem.objects.create(meeting=meeting, suggestion=open_one, position=1)
    second = AgendaItem.objects.create(meeting=meeting, suggestion=accepted, position=2)

    response = client_for(member).get(group_url("minutes", group.slug, meeting.pk))

    html = response.content.decode()
    assert _options(html, f"item-{first.pk}-decision") == [
        "",
        "request_info",
        "accept",
        "not_advance",
        "merge",
        "existing_solution",
    ]
    assert _options(html, f"item-{second.pk}-decision") == ["", "start_implementation"]
    assert "Record the minutes" in html
    assert f'<label for="id_item-{first.pk}-message">Public message' in html


def test_it_applies_nothing_and_names_each_items_error(client_for, member, group, meeting):
    good = group_suggestion(group, title="Hyvä")
    bad = group_suggestion(group, title="Puutteellinen")
    first = AgendaItem.objects.create(meeting=meeting, suggestion=good, position=1)
    second = AgendaItem.objects.create(meeting=meeting, suggestion=bad, position=2)
    data = {
        **minutes_data(first, decision=Action.ACCEPT, message="Otetaan kehitykseen."),
        **minutes_data(second, decision=Action.NOT_ADVANCE, message="Ei nyt."),
        "summary": "Kaksi asiaa",
    }

    response = client_for(member).post(group_url("minutes", group.slug, meeting.pk), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The minutes were not recorded" in html
    assert (
        f'href="#id_item-{second.pk}-reason">Reason for not taking forward: Choose the reason.'
        in html
    )
    # What was typed is still there.
    assert "Otetaan kehitykseen.</textarea>" in html
    assert "Kaksi asiaa</textarea>" in html
    assert set(Suggestion.objects.values_list("state", flat=True)) == {State.IN_PROCESSING}
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED


def test_it_answers_409_when_an_item_was_decided_meanwhile(client_for, member, group, meeting):
    suggestion = group_suggestion(group)
    item = AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=1)
    data = minutes_data(item, decision=Action.ACCEPT, message="Kyllä.")
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.NOT_ADVANCED)

    response = client_for(member).post(group_url("minutes", group.slug, meeting.pk), data)

    assert response.status_code == 409
    assert "Someone else changed this suggestion" in response.content.decode()
    assert not SuggestionEvent.objects.filter(action=Action.ACCEPT).exists()


def test_it_prints_the_minutes_with_each_decision_and_message(client_for, member, group, meeting):
    reason = DecisionReason.objects.active().first()
    decided = group_suggestion(group, title="Päätetty")
    discussed = group_suggestion(group, title="Keskusteltu")
    first = AgendaItem.objects.create(meeting=meeting, suggestion=decided, position=1)
    second = AgendaItem.objects.create(meeting=meeting, suggestion=discussed, position=2)
    data = {
        **minutes_data(
            first, decision=Action.NOT_ADVANCE, message="Ei resursseja.", reason=str(reason.pk)
        ),
        **minutes_data(second),
        "attendees": "Maija Meikäläinen",
    }
    client = client_for(member)
    client.post(group_url("minutes", group.slug, meeting.pk), data)

    response = client.get(group_url("minutes_print", group.slug, meeting.pk))

    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Minutes: Kokous 3/2026" in html
    assert group.name in html
    assert "Maija Meikäläinen" in html
    assert "Not taken forward" in html
    assert "Ei resursseja." in html
    assert reason.name_en in html
    assert "Discussed, no decision" in html
    assert "css/meetings.css" in html


# --- Query counts -----------------------------------------------------------------------------


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["meeting", "minutes", "minutes_print"])
def test_it_reads_the_agenda_pages_in_the_same_queries_for_few_and_many_items(
    client_for, member, group, page
):
    small, large = make_meeting(group, title="Pieni"), make_meeting(group, title="Iso")
    for number in range(2):
        AgendaItem.objects.create(
            meeting=small, suggestion=group_suggestion(group, title=f"A{number}"), position=number
        )
    for number in range(9):
        state = State.ACCEPTED if number % 2 else State.IN_PROCESSING
        AgendaItem.objects.create(
            meeting=large,
            suggestion=group_suggestion(group, title=f"B{number}", state=state),
            position=number,
        )
    client = client_for(member)

    few = _queries(client, group_url(page, group.slug, small.pk))
    many = _queries(client, group_url(page, group.slug, large.pk))

    assert few == many


def test_it_lists_meetings_in_the_same_queries_for_few_and_many(client_for, member, group):
    client = client_for(member)
    make_meeting(group)
    few = _queries(client, group_url("meetings", group.slug))
    for number in range(8):
        make_meeting(group, title=f"Kokous {number}")
    many = _queries(client, group_url("meetings", group.slug))

    assert few == many
