"""/groups/ and /groups/<slug>/: what each person sees of the groups, and the coordinators'
load overview in one query however many groups and suggestions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from ideas.lifecycle import State
from ideas.models import Suggestion
from ideas.selectors.queues import load_overview, triage_count
from popsote.taxonomy.models import ServiceArea
from processing_groups.models import HandlerGroup
from tests.accounts.markup import accessibility_problems, parse
from tests.factories import make_group
from tests.ideas.community import make_suggestion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_indexing")]


@pytest.fixture
def group(db):
    return make_group(
        "oulu",
        name="Oulun ikäihmiset",
        first_response_days=10,
        areas=["oulu"],
        service_areas=["older-people"],
    )


def groups_url(name: str = "list", *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"groups:{name}", args=args)


def place(group, *, state=State.IN_PROCESSING, **fields) -> Suggestion:
    suggestion = make_suggestion(title=f"{group.slug} {state}")
    Suggestion.objects.filter(pk=suggestion.pk).update(group=group, state=state, **fields)
    return suggestion


ROLES = ["anonymous", "resident", "outsider", "member", "chair", "coordinator"]


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_each_person_the_groups_they_may_see(client_for, request, group, role):
    person = None if role == "anonymous" else request.getfixturevalue(role)

    response = client_for(person).get(groups_url())

    assert response.status_code == 200
    page = parse(response.content)
    assert accessibility_problems(page) == []
    text = page.text
    queue_link = page.find("a", href=groups_url("queue", "oulu"))
    assert (queue_link is not None) == (role in {"member", "chair", "coordinator"})
    assert ("Every group's load" in text) == (role == "coordinator")
    assert ("My groups" in text) == (role in {"member", "chair", "outsider"})
    # Everyone else learns what the groups cover.
    if role not in {"coordinator"}:
        assert "The groups and what they handle" in text
        assert "Oulu" in text


def test_it_tells_a_chair_their_role(client_for, chair):
    assert "You chair this group." in parse(client_for(chair).get(groups_url()).content).text


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_members_only_to_the_group_and_coordinators(
    client_for, request, group, member, role
):
    person = None if role == "anonymous" else request.getfixturevalue(role)

    response = client_for(person).get(groups_url("detail", "oulu"))

    assert response.status_code == 200
    text = parse(response.content).text
    assert "10 days from submission" in text
    assert ServiceArea.objects.get(code="older-people").name_en in text
    assert ("Maija Member" in text) == (role in {"member", "chair", "coordinator"})
    assert ("Edit the group" in text) == (role == "coordinator")


def test_it_answers_404_for_a_group_that_does_not_exist(client):
    assert client.get(groups_url("detail", "nobody")).status_code == 404


def test_it_counts_each_groups_load(group, other_group):
    now = timezone.now()
    place(group, due_at=now - timedelta(days=1))  # open, overdue
    place(group, state=State.INFO_REQUESTED, due_at=now + timedelta(days=3))
    place(group, state=State.ACCEPTED, decided_at=now - timedelta(days=2))
    place(group, state=State.NOT_ADVANCED, decided_at=now - timedelta(days=40))
    place(other_group, state=State.RECEIVED)
    in_triage = make_suggestion(title="Triage")
    Suggestion.objects.filter(pk=in_triage.pk).update(group=None, state=State.RECEIVED)

    load = {g.slug: g for g in load_overview(now=now)}

    oulu = load["oulu"]
    assert (
        oulu.open_count,
        oulu.processing_count,
        oulu.info_count,
        oulu.overdue_count,
        oulu.decided_recently,
    ) == (2, 1, 1, 1, 1)
    assert load["lakeus"].open_count == 1
    assert triage_count() == 1


def test_it_shows_the_coordinators_the_load_table_and_the_triage_count(
    client_for, coordinator, group
):
    place(group, due_at=timezone.now() - timedelta(days=1))
    in_triage = make_suggestion(title="Ei ryhmää")
    Suggestion.objects.filter(pk=in_triage.pk).update(group=None, state=State.RECEIVED)

    page = parse(client_for(coordinator).get(groups_url()).content)

    row = page.find("a", href=groups_url("queue", "oulu")).parent.parent
    # Open, in processing, information requested, overdue, decided lately.
    assert [cell.text for cell in row.find_all("td")] == ["1", "1", "0", "1", "0"]
    assert page.find("main").find("a", href=groups_url("triage")).text == (
        "1 suggestion waits in triage"
    )


def test_it_reads_the_load_overview_in_the_same_number_of_queries_however_many_groups(
    client_for, coordinator, django_assert_num_queries
):
    def fill(count: int, start: int):
        for number in range(start, start + count):
            place(make_group(f"ryhma-{number}"))

    fill(2, 0)
    client = client_for(coordinator)
    client.get(groups_url())
    with CaptureQueriesContext(connection) as few:
        client.get(groups_url())
    fill(15, 2)
    with django_assert_num_queries(len(few)):
        response = client.get(groups_url())
    assert len(parse(response.content).find("tbody").find_all("tr")) == 17


def test_it_pages_the_public_list_of_groups_in_the_same_number_of_queries(client):
    def cards(path):
        page = parse(client.get(path).content)
        return page.find_all("h3", class_="card__title")

    HandlerGroup.objects.bulk_create(
        [HandlerGroup(name=f"Ryhmä {n:02d}", slug=f"ryhma-{n}", type="regional") for n in range(3)]
    )
    with CaptureQueriesContext(connection) as few:
        assert len(cards("/en/groups/")) == 3
    HandlerGroup.objects.bulk_create(
        [
            HandlerGroup(name=f"Ryhmä {n:02d}", slug=f"ryhma-{n}", type="regional")
            for n in range(3, 35)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        assert len(cards("/en/groups/")) == 30
    assert len(many) == len(few)
    assert len(cards("/en/groups/?page=2")) == 5
