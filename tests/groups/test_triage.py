"""The coordinators' triage: what routing could not place, and routing it by hand."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ideas.lifecycle import Action, State
from ideas.models import Suggestion
from ideas.services.routing import suggestions_route
from ideas.services.transitions import suggestion_transition
from popsote.core.lifecycle import IllegalTransition
from tests.accounts.markup import accessibility_problems, parse
from tests.ideas.community import make_suggestion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_indexing")]


@pytest.fixture
def groups(group, other_group):
    """Two groups covering everything: every new suggestion ties and waits in triage."""
    return [group, other_group]


def triage_url(*, language: str = "en") -> str:
    with translation.override(language):
        return reverse("groups:triage")


def references(response) -> list[str]:
    page = parse(response.content)
    return [span.text for span in page.find_all("span", class_="queue-row__reference")]


EXPECTED = {
    "anonymous": 302,
    "resident": 403,
    "outsider": 403,
    "member": 403,
    "chair": 403,
    "coordinator": 200,
}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_is_for_coordinators_only(client_for, request, groups, role, method):
    suggestion = make_suggestion()
    person = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(person)
    data = {
        "references": [suggestion.reference],
        f"state_{suggestion.reference}": "received",
        "group": "oulu",
    }

    response = getattr(client, method)(triage_url(), data if method == "post" else None)

    routed = role == "coordinator" and method == "post"
    assert response.status_code == (302 if routed else EXPECTED[role])
    suggestion.refresh_from_db()
    expected_group = groups[0].pk if routed else None
    assert suggestion.group_id == expected_group


def test_it_lists_what_waits_for_a_group_oldest_first(client_for, coordinator, groups):
    first = make_suggestion(title="Ensimmäinen")
    second = make_suggestion(title="Toinen")
    placed = make_suggestion(title="Sijoitettu")
    Suggestion.objects.filter(pk=placed.pk).update(group=groups[0], state=State.IN_PROCESSING)
    withdrawn = make_suggestion(title="Peruttu", state=State.WITHDRAWN)

    response = client_for(coordinator).get(triage_url())

    assert references(response) == [first.reference, second.reference]
    assert withdrawn.reference not in references(response)
    assert accessibility_problems(parse(response.content)) == []


def test_it_routes_the_chosen_suggestions_together_and_records_each_move(
    client_for, coordinator, groups
):
    first, second, left = make_suggestion(), make_suggestion(), make_suggestion()
    client = client_for(coordinator)

    response = client.post(
        triage_url(),
        {
            "references": [first.reference, second.reference],
            f"state_{first.reference}": "received",
            f"state_{second.reference}": "received",
            "group": "lakeus",
            "note": "Perhepalvelut sopivat paremmin.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == triage_url()
    for suggestion in (first, second):
        suggestion.refresh_from_db()
        assert (suggestion.group, suggestion.state) == (groups[1], State.IN_PROCESSING)
        assert suggestion.response_due_at is not None
        event = suggestion.events.get(action=Action.ROUTE)
        assert (event.actor, event.internal_note) == (
            coordinator,
            "Perhepalvelut sopivat paremmin.",
        )
    followed = client.get(response["Location"])
    assert "2 suggestions were sent to Lakeuden perhe" in followed.content.decode()
    assert references(followed) == [left.reference]


def test_it_renders_one_group_choice_for_the_whole_page(client_for, coordinator, groups):
    for number in range(3):
        make_suggestion(title=f"Rivi {number}")

    page = parse(client_for(coordinator).get(triage_url()).content)

    assert len(page.find_all("select")) == 1
    assert len(page.find_all("input", type="checkbox")) == 3
    assert accessibility_problems(page) == []


@pytest.mark.parametrize("missing", ["group", "references"])
def test_it_keeps_what_was_chosen_and_says_what_is_missing(
    client_for, coordinator, groups, missing
):
    suggestion = make_suggestion()
    data = {
        "references": [suggestion.reference],
        f"state_{suggestion.reference}": "received",
        "group": "oulu",
        "note": "Kesken",
    }
    data[missing] = "" if missing == "group" else []

    response = client_for(coordinator).post(triage_url(), data)

    assert response.status_code == 400
    page = parse(response.content)
    summary = page.find(class_="error-summary")
    assert summary is not None and summary.get("role") == "alert"
    assert page.find("textarea", id="route_note").text == "Kesken"
    checkbox = page.find("input", value=suggestion.reference)
    assert ("checked" in checkbox.attrs) is (missing != "references")
    assert accessibility_problems(page) == []
    suggestion.refresh_from_db()
    assert suggestion.group_id is None


def test_it_sends_none_when_someone_else_routed_one_first(client_for, coordinator, groups):
    placed, waiting = make_suggestion(), make_suggestion()
    suggestion_transition(
        actor=coordinator, suggestion=placed, action=Action.ROUTE, group=groups[0]
    )

    response = client_for(coordinator).post(
        triage_url(),
        {
            "references": [waiting.reference, placed.reference],
            f"state_{waiting.reference}": "received",
            f"state_{placed.reference}": "received",
            "group": "lakeus",
        },
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert placed.reference in body and "Someone else changed this suggestion" in body
    assert parse(body).find("main").find("a", href=triage_url()).text == "Back to triage"
    placed.refresh_from_db()
    waiting.refresh_from_db()
    assert placed.group == groups[0]
    # All or nothing: the one that could have gone stays in triage too.
    assert (waiting.group_id, waiting.state) == (None, State.RECEIVED)


def test_it_routes_none_and_names_the_one_that_moved_when_the_service_is_called_directly(
    coordinator, groups
):
    placed, waiting = make_suggestion(), make_suggestion()
    suggestion_transition(
        actor=coordinator, suggestion=placed, action=Action.ROUTE, group=groups[0]
    )

    with translation.override("en"), pytest.raises(IllegalTransition) as error:
        suggestions_route(
            actor=coordinator, references=[waiting.reference, placed.reference], group=groups[1]
        )

    assert str(error.value).startswith(f"Suggestion {placed.reference}: ")
    waiting.refresh_from_db()
    assert (waiting.group_id, waiting.state) == (None, State.RECEIVED)
    assert not waiting.events.filter(action=Action.ROUTE).exists()


def test_it_reads_triage_in_the_same_number_of_queries_however_many_rows(
    client_for, coordinator, groups, django_assert_num_queries
):
    for number in range(2):
        make_suggestion(title=f"Vähän {number}")
    client = client_for(coordinator)
    client.get(triage_url())
    with CaptureQueriesContext(connection) as few:
        assert len(references(client.get(triage_url()))) == 2
    for number in range(20):
        make_suggestion(title=f"Paljon {number}")
    with django_assert_num_queries(len(few)):
        assert len(references(client.get(triage_url()))) == 22


@pytest.mark.parametrize(
    ("role", "sees"), [("anonymous", False), ("resident", False), ("coordinator", True)]
)
def test_it_links_triage_and_moderation_from_every_page_for_coordinators(
    client_for, request, role, sees
):
    client = client_for(None if role == "anonymous" else request.getfixturevalue(role))

    page = parse(client.get("/en/suggestions/").content)

    links = {a.get("href") for a in page.find("nav").find_all("a")}
    assert ("/en/triage/" in links) is sees
    assert ("/en/moderation/" in links) is sees
