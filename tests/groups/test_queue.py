"""A group's queue: who may open it, its filters, urgency order, target badges, assignment
from a row, and a number of queries that does not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from ideas.lifecycle import Action, State
from ideas.models import Evaluation, Suggestion, SuggestionEvent
from ideas.selectors.queues import TargetBadge, target_badge
from processing_groups.models import Membership
from tests.accounts.markup import accessibility_problems, parse
from tests.ideas.community import make_suggestion, quick_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_indexing")]


def queue_url(group, query: str = "", *, language: str = "en") -> str:
    with translation.override(language):
        path = reverse("groups:queue", args=[group.slug])
    return f"{path}?{query}" if query else path


def in_group(group, *, title="Kotihoidon iltakäynnit", age=timedelta(0), **changes):
    """A suggestion in ``group``'s hands, ``age`` old, with the group's targets, as routing
    would leave it (routing has tests of its own); ``changes`` are set after."""
    suggestion = make_suggestion(title=title)
    created = timezone.now() - age
    fields = {
        "group": group,
        "state": State.IN_PROCESSING,
        "created_at": created,
        "response_due_at": created + timedelta(days=group.first_response_days),
        "decision_due_at": created + timedelta(days=group.decision_days),
        "due_at": created + timedelta(days=group.first_response_days),
    }
    Suggestion.objects.filter(pk=suggestion.pk).update(**{**fields, **changes})
    suggestion.refresh_from_db()
    return suggestion


def rows(response) -> list[str]:
    """The references of the queue's rows, in order."""
    page = parse(response.content)
    return [span.text for span in page.find_all("span", class_="queue-row__reference")]


# --- Who may open it --------------------------------------------------------------------------

ROLES = ["anonymous", "resident", "outsider", "member", "chair", "coordinator"]
EXPECTED = {
    "anonymous": 302,
    "resident": 404,
    "outsider": 404,
    "member": 200,
    "chair": 200,
    "coordinator": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_queue_only_to_the_group_and_coordinators(client_for, request, group, role):
    person = None if role == "anonymous" else request.getfixturevalue(role)
    response = client_for(person).get(queue_url(group))
    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_it_answers_404_for_a_group_that_does_not_exist(client_for, coordinator):
    assert client_for(coordinator).get("/en/groups/nobody/queue/").status_code == 404


# --- What it lists, in which order ------------------------------------------------------------


def test_it_sends_an_assignment_back_to_its_row(client_for, member, chair, group):
    suggestion = in_group(group)
    page = parse(client_for(member).get(queue_url(group, "page=1")).content)

    row = page.by_id(f"row-{suggestion.pk}")
    assert row is not None and row.tag == "li"
    back = row.find("input", name="next").get("value")
    assert back == f"{queue_url(group)}?page=1#row-{suggestion.pk}"
    assigned = client_for(chair).post(
        reverse("ideas:assign", args=[suggestion.reference]),
        {"assignee": str(member.pk), "next": back},
    )
    assert assigned["Location"] == back


def test_it_lists_the_open_suggestions_most_urgent_first(client_for, member, group):
    fresh = in_group(group, title="Uusi")
    old = in_group(group, title="Vanha", age=timedelta(days=20))
    middle = in_group(group, title="Keski", age=timedelta(days=10))
    no_deadline = in_group(group, title="Ilman", due_at=None)
    decided = in_group(group, title="Päätetty", state=State.ACCEPTED, due_at=None)

    response = client_for(member).get(queue_url(group))

    assert rows(response) == [
        old.reference,
        middle.reference,
        fresh.reference,
        no_deadline.reference,
    ]
    assert decided.reference not in rows(response)
    assert accessibility_problems(parse(response.content)) == []


def test_it_lists_only_its_own_group(client_for, member, group, other_group):
    mine = in_group(group, title="Oma")
    in_group(other_group, title="Muiden")

    assert rows(client_for(member).get(queue_url(group))) == [mine.reference]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"overdue", "assigned", "evaluated", "waiting"}),
        ("state=all", {"overdue", "assigned", "evaluated", "waiting", "decided"}),
        ("state=info_requested", {"waiting"}),
        ("overdue=on", {"overdue"}),
        ("mine=on", {"assigned"}),
        ("evaluation=done", {"evaluated"}),
        ("evaluation=pending", {"overdue", "assigned", "waiting"}),
        ("state=nonsense", {"overdue", "assigned", "evaluated", "waiting"}),
    ],
)
def test_it_filters_the_queue(client_for, member, group, query, expected):
    made = {
        "overdue": in_group(group, title="Myöhässä", age=timedelta(days=30)),
        "assigned": in_group(group, title="Minulle", assignee=member),
        "evaluated": in_group(group, title="Arvioitu"),
        "waiting": in_group(group, title="Odottaa", state=State.INFO_REQUESTED),
        "decided": in_group(group, title="Päätetty", state=State.ACCEPTED, due_at=None),
    }
    Evaluation.objects.create(suggestion=made["evaluated"], evaluator=member)

    response = client_for(member).get(queue_url(group, query))

    assert response.status_code == 200
    assert set(rows(response)) == {made[name].reference for name in expected}


def test_it_keeps_the_filters_in_the_page_links(client_for, member, group, settings):
    for number in range(27):
        in_group(group, title=f"Ehdotus {number}", age=timedelta(days=30))

    response = client_for(member).get(queue_url(group, "overdue=on"))

    page = parse(response.content)
    assert len(rows(response)) == 25
    next_link = page.find("a", rel="next")
    assert next_link.get("href") == "?overdue=on&page=2"
    second = client_for(member).get(queue_url(group, "overdue=on&page=2"))
    assert len(rows(second)) == 2


# --- Badges -----------------------------------------------------------------------------------


NOW = timezone.now()


@pytest.mark.parametrize(
    "due, done, is_open, expected",
    [
        (None, None, True, None),
        (NOW + timedelta(days=5, hours=1), None, True, TargetBadge("due", 5)),
        (NOW + timedelta(hours=5), None, True, TargetBadge("due", 0)),
        (NOW - timedelta(hours=1), None, True, TargetBadge("overdue", 1)),
        (NOW - timedelta(days=3, hours=2), None, True, TargetBadge("overdue", 3)),
        (NOW, NOW - timedelta(days=1), False, TargetBadge("met")),
        (NOW - timedelta(days=2), NOW, False, TargetBadge("late", 2)),
        (NOW - timedelta(minutes=5), NOW, False, TargetBadge("late", 1)),
        (NOW + timedelta(days=2), None, False, None),
    ],
)
def test_it_reads_a_target_as_met_due_or_overdue(due, done, is_open, expected):
    assert target_badge(due=due, done=done, is_open=is_open, now=NOW) == expected


def test_it_shows_the_target_badges_in_words(client_for, member, group):
    in_group(group, title="Myöhässä", age=timedelta(days=20))
    answered = in_group(group, title="Vastattu", age=timedelta(days=3))
    Suggestion.objects.filter(pk=answered.pk).update(
        first_response_at=timezone.now(), due_at=answered.decision_due_at
    )

    text = parse(client_for(member).get(queue_url(group)).content).text

    assert "First response overdue by 6 days" in text
    assert "Decision due in 39 days" in text
    assert "First response in time" in text
    assert "Decision due in 56 days" in text


def test_it_marks_a_row_whose_latest_event_is_the_submitters_answer(client_for, member, group):
    answered = in_group(group, title="Vastattu")
    quiet = in_group(group, title="Hiljainen")
    SuggestionEvent.objects.create(
        suggestion=answered, action=Action.ANSWER_INFO, public_message="Tässä tietoa."
    )

    page = parse(client_for(member).get(queue_url(group)).content)

    marked = [
        row.find("span", class_="queue-row__reference").text
        for row in page.find_all("li", class_="queue-row")
        if "Answer received" in row.text
    ]
    assert marked == [answered.reference]
    assert quiet.reference not in marked


# --- Assignment from a row --------------------------------------------------------------------


def test_it_assigns_a_row_to_a_member_and_returns_to_the_queue(client_for, member, chair, group):
    suggestion = in_group(group)
    back = queue_url(group, "mine=on")

    response = client_for(chair).post(
        f"/en/suggestions/{suggestion.reference}/assign/",
        {"assignee": str(member.pk), "next": back},
    )

    assert response.status_code == 302
    assert response["Location"] == back
    suggestion.refresh_from_db()
    assert suggestion.assignee == member
    assert rows(client_for(member).get(back)) == [suggestion.reference]


def test_it_marks_an_assignee_who_has_left_the_group(client_for, member, chair, group):
    in_group(group, assignee=member)
    Membership.objects.filter(user=member).delete()

    text = parse(client_for(chair).get(queue_url(group)).content).text

    assert "Maija Member (no longer a member)" in text


# --- Queries ----------------------------------------------------------------------------------


def _fill(group, member, count: int):
    for number in range(count):
        person = quick_user(f"q{count}-{number}@example.fi")
        Membership.objects.create(group=group, user=person)
        suggestion = in_group(
            group, title=f"Ehdotus {number}", age=timedelta(days=number), assignee=person
        )
        Evaluation.objects.create(suggestion=suggestion, evaluator=member)
        SuggestionEvent.objects.create(suggestion=suggestion, action=Action.ANSWER_INFO)


def test_it_reads_the_queue_in_the_same_number_of_queries_however_many_rows(
    client_for, member, group, django_assert_num_queries
):
    _fill(group, member, 2)
    client = client_for(member)
    client.get(queue_url(group))  # warm the session and per-process caches
    with CaptureQueriesContext(connection) as few:
        assert len(rows(client.get(queue_url(group)))) == 2

    _fill(group, member, 20)
    with django_assert_num_queries(len(few)):
        assert len(rows(client.get(queue_url(group)))) == 22
