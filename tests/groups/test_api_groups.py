"""GET /api/v1/groups/ and GET /api/v1/groups/<slug>/queue/: the groups a person works in, and
a group's queue with its overdue flags, for the members and the coordinators only."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from ideas.lifecycle import State
from ideas.models import Suggestion
from ideas.services.handling import suggestion_assign
from tests.factories import make_group, submit
from tests.ideas.community import quick_user
from tests.ideas.test_api_helpers import api

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
AUTHORS = itertools.count()


def groups_url() -> str:
    return reverse("api:groups:list")


def queue_url(slug: str) -> str:
    return reverse("api:groups:queue", kwargs={"slug": slug})


@pytest.fixture
def group():
    """The group "oulu" with coverage and targets of its own (the member and chair of
    tests/conftest.py belong to it)."""
    return make_group(
        "oulu",
        name="Oulun alueen kehittämisryhmä",
        areas=["oulu"],
        service_areas=["older-people", "disability"],
        first_response_days=7,
        decision_days=30,
    )


@pytest.fixture
def other_group():
    """The group "lakeus", which the outsider of tests/conftest.py is a member of."""
    return make_group("lakeus", areas=["lakeus"])


def in_oulu(*, title="Kotihoidon käynnit", state=None, **dates) -> Suggestion:
    """A suggestion routed to the group "oulu"; ``state`` and dates set as time would."""
    suggestion = submit(
        quick_user(f"author-{next(AUTHORS)}@example.fi"), title=title, area="oulu"
    ).suggestion
    changes = {**dates, **({"state": state} if state else {})}
    if changes:
        Suggestion.objects.filter(pk=suggestion.pk).update(**changes)
    suggestion.refresh_from_db()
    assert suggestion.group.slug == "oulu"
    return suggestion


# --- Who may read ---------------------------------------------------------------------------


def test_it_requires_signing_in():
    for address in (groups_url(), queue_url("oulu")):
        response = api().get(address)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_it_lists_a_member_their_own_groups_only(group, other_group, member):
    body = api(member, token=True).get(groups_url()).json()

    assert body["count"] == 1
    assert [row["slug"] for row in body["results"]] == ["oulu"]


def test_it_lists_no_groups_to_a_person_in_none(group, other_resident):
    body = api(other_resident, token=True).get(groups_url()).json()

    assert (body["count"], body["results"]) == (0, [])


def test_it_lists_every_group_to_a_coordinator_retired_ones_too(group, other_group, coordinator):
    make_group("retired", is_active=False)

    body = api(coordinator, token=True).get(groups_url()).json()

    # Active ones first, each by name: "Oulun alueen…" before "Ryhmä lakeus".
    assert [row["slug"] for row in body["results"]] == ["oulu", "lakeus", "retired"]
    assert [row["is_active"] for row in body["results"]] == [True, True, False]
    assert {row["my_role"] for row in body["results"]} == {None}


def test_it_describes_a_group_with_its_coverage_targets_and_counts(group, chair):
    now = timezone.now()
    in_oulu(title="Uusi")
    in_oulu(title="Myöhässä", due_at=now - DAY)
    in_oulu(title="Kysytty", state=State.INFO_REQUESTED, due_at=now + DAY)
    in_oulu(title="Päätetty", state=State.ACCEPTED, due_at=None)

    body = api(chair, token=True).get(groups_url(), HTTP_ACCEPT_LANGUAGE="en").json()

    described = body["results"][0]
    assert described == {
        "slug": "oulu",
        "name": "Oulun alueen kehittämisryhmä",
        "type": "regional",
        "type_label": "Regional",
        "description": "",
        "is_active": True,
        "coverage": {
            "areas": ["oulu"],
            "service_areas": described["coverage"]["service_areas"],
            "kinds": [],
            "stakeholder_groups": [],
        },
        "targets": {"first_response_days": 7, "decision_days": 30},
        "counts": {"open": 3, "overdue": 1},
        "my_role": "chair",
        "queue": f"http://testserver{queue_url('oulu')}",
    }
    assert sorted(described["coverage"]["service_areas"]) == ["disability", "older-people"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),
        ("chair", 200),
        ("coordinator", 200),
        ("outsider", 404),
        ("other_resident", 404),
    ],
)
def test_it_shows_the_queue_to_the_members_and_the_coordinators_only(who, status, group, request):
    in_oulu()
    person = request.getfixturevalue(who)

    response = api(person, token=True).get(queue_url("oulu"))

    assert response.status_code == status
    if status == 404:
        # The same answer as for a group that does not exist.
        missing = api(person, token=True).get(queue_url("no-such-group"))
        assert response.json() == missing.json() == {"detail": "Not found.", "code": "not_found"}
    else:
        assert response.json()["count"] == 1


# --- The queue ------------------------------------------------------------------------------


def test_it_orders_the_queue_by_the_nearest_deadline_then_the_oldest(group, member):
    now = timezone.now()
    later = in_oulu(title="Myöhemmin", due_at=now + 5 * DAY)
    overdue = in_oulu(title="Myöhässä", due_at=now - 2 * DAY)
    old_without = in_oulu(title="Vanha", due_at=None)
    new_without = in_oulu(title="Uusi", due_at=None)
    Suggestion.objects.filter(pk=old_without.pk).update(created_at=now - 30 * DAY)
    Suggestion.objects.filter(pk=new_without.pk).update(created_at=now - DAY)

    body = api(member, token=True).get(queue_url("oulu")).json()

    assert [row["reference"] for row in body["results"]] == [
        overdue.reference,
        later.reference,
        old_without.reference,
        new_without.reference,
    ]


def test_it_flags_what_is_overdue_and_which_target_was_missed(group, member):
    now = timezone.now()
    no_answer = in_oulu(
        title="Vastaamatta", response_due_at=now - DAY, decision_due_at=now + DAY, due_at=now - DAY
    )
    undecided = in_oulu(
        title="Päättämättä",
        state=State.INFO_REQUESTED,
        first_response_at=now - 5 * DAY,
        response_due_at=now - 4 * DAY,
        decision_due_at=now - DAY,
        due_at=now - DAY,
    )
    in_time = in_oulu(title="Ajallaan")

    rows = {
        row["reference"]: row
        for row in api(member, token=True).get(queue_url("oulu")).json()["results"]
    }

    flags = ("overdue", "first_response_overdue", "decision_overdue")
    assert [rows[no_answer.reference][flag] for flag in flags] == [True, True, False]
    assert [rows[undecided.reference][flag] for flag in flags] == [True, False, True]
    assert [rows[in_time.reference][flag] for flag in flags] == [False, False, False]
    row = rows[in_time.reference]
    assert row["next_due"] == row["response_due"] is not None
    assert set(row) >= {"reference", "title", "state", "created", "assignee", "decision_due"}


def test_it_shows_the_assignee_and_filters_by_who_has_it(group, member, chair):
    mine = in_oulu(title="Minun")
    theirs = in_oulu(title="Puheenjohtajan")
    nobodys = in_oulu(title="Ei kenenkään")
    suggestion_assign(actor=member, suggestion=mine, assignee=member)
    suggestion_assign(actor=member, suggestion=theirs, assignee=chair)
    client = api(member, token=True)

    def references(**params):
        return [row["reference"] for row in client.get(queue_url("oulu"), params).json()["results"]]

    assert references(assigned="me") == [mine.reference]
    assert references(assigned="none") == [nobodys.reference]
    row = client.get(queue_url("oulu"), {"assigned": "me"}).json()["results"][0]
    assert row["assignee"] == {"id": member.pk, "name": "Maija Member"}


def test_it_filters_by_state_and_lists_the_open_ones_unless_asked(group, member):
    open_one = in_oulu(title="Auki")
    asked = in_oulu(title="Kysytty", state=State.INFO_REQUESTED)
    accepted = in_oulu(title="Hyväksytty", state=State.ACCEPTED)
    client = api(member, token=True)

    def references(**params):
        rows = client.get(queue_url("oulu"), params).json()["results"]
        return {row["reference"] for row in rows}

    assert references() == references(state="open") == {open_one.reference, asked.reference}
    assert references(state="accepted") == {accepted.reference}
    assert references(state="all") == {open_one.reference, asked.reference, accepted.reference}


def test_it_filters_what_is_overdue(group, member):
    now = timezone.now()
    late = in_oulu(title="Myöhässä", due_at=now - DAY)
    in_oulu(title="Ajallaan", due_at=now + DAY)

    rows = api(member, token=True).get(queue_url("oulu"), {"overdue": "true"}).json()["results"]

    assert [row["reference"] for row in rows] == [late.reference]


def test_it_names_a_filter_it_does_not_know(group, member):
    response = api(member, token=True).get(queue_url("oulu"), {"state": "dancing"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["state"]


def test_it_pages_the_queue(group, member):
    for number in range(52):
        in_oulu(title=f"Ehdotus {number}")

    client = api(member, token=True)
    first = client.get(queue_url("oulu")).json()
    second = client.get(first["next"]).json()

    assert (first["count"], len(first["results"]), first["previous"]) == (52, 50, None)
    assert (len(second["results"]), second["next"]) == (2, None)


def test_it_reads_the_queue_in_the_same_number_of_queries_however_long(group, member, chair):
    client = api(member, token=True)
    for number in range(3):
        suggestion_assign(actor=member, suggestion=in_oulu(title=f"Vähän {number}"), assignee=chair)
    client.get(queue_url("oulu"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(queue_url("oulu")).json()["count"] == 3
    for number in range(30):
        suggestion_assign(
            actor=member, suggestion=in_oulu(title=f"Paljon {number}"), assignee=member
        )

    with CaptureQueriesContext(connection) as many:
        assert client.get(queue_url("oulu")).json()["count"] == 33

    assert len(many.captured_queries) == len(few.captured_queries)


def test_it_lists_the_groups_in_the_same_number_of_queries_however_many(coordinator):
    client = api(coordinator, token=True)

    def add_groups(prefix: str, count: int) -> None:
        for number in range(count):
            make_group(
                f"{prefix}-{number}",
                areas=["lakeus", "oulu"],
                service_areas=["disability"],
                kinds=["need"],
                stakeholder_groups=["resident"],
            )

    add_groups("few", 2)
    client.get(groups_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(groups_url()).json()["count"] == 2
    add_groups("many", 20)

    with CaptureQueriesContext(connection) as many:
        assert client.get(groups_url()).json()["count"] == 22

    assert len(many.captured_queries) == len(few.captured_queries)


# --- The schema -----------------------------------------------------------------------------


def test_it_describes_the_groups_endpoints_in_the_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    paths, components = schema["paths"], schema["components"]["schemas"]

    def shape(operation):
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]["properties"]

    groups = shape(paths["/api/v1/groups/"]["get"])
    queue = paths["/api/v1/groups/{slug}/queue/"]["get"]
    assert {"count", "next", "previous", "results"} <= set(groups)
    assert {"count", "next", "previous", "results"} <= set(shape(queue))
    assert {"state", "overdue", "assigned"} <= {
        parameter["name"] for parameter in queue["parameters"]
    }
    assert {"401", "404"} <= set(queue["responses"])


def test_it_generates_a_valid_schema_of_the_groups_endpoints_without_warnings():
    patterns = [path("api/v1/groups/", include("ideas.api.group_urls"))]
    GENERATOR_STATS.reset()

    generated = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    validate_schema(generated)
    assert (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)) == ({}, {})
