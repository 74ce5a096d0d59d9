"""The applications API as a matrix: role × state for reading an application and for a move.
A company never reaches another company's application: 404 as for one that does not exist,
never 403, so that not even its existence shows. The expectations are written out."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from labs.lifecycle import Action, State
from tests.labs.world import EVALUATED_REPLIED, ROLES, STATES, module_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from module_world(django_db_blocker)


def sees(role: str, state: str) -> bool:
    return role == "company_a" or (role == "labs_staff" and state != State.DRAFT)


def detail_status(role: str, state: str) -> int:
    if role == "anonymous":
        return 401
    return 200 if sees(role, state) else 404


WITHDRAWABLE = {
    State.SUBMITTED,
    State.SCREENING,
    State.ACCEPTED,
    State.TEST_PLANNED,
    State.TESTING,
    State.REPORTING,
    State.EVALUATED,
    EVALUATED_REPLIED,
}


def withdraw_status(role: str, state: str) -> int:
    if role == "anonymous":
        return 401
    if not sees(role, state):
        return 404
    if role == "labs_staff":
        return 403
    return 200 if state in WITHDRAWABLE else 409


def screening_status(role: str, state: str) -> int:
    if role == "anonymous":
        return 401
    if not sees(role, state):
        return 404
    if role == "company_a":
        return 403
    return 200 if state == State.SUBMITTED else 409


def client_as(client, world, role):
    client.logout()
    if world.user(role) is not None:
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_reading_an_application(client, world, role, state):
    application = world.applications[state]
    url = reverse("api:labs-application-detail", kwargs={"id": application.pk})
    response = client_as(client, world, role).get(url)
    assert response.status_code == detail_status(role, state)
    listed = client.get(reverse("api:labs-application-list"))
    if role == "anonymous":
        assert listed.status_code == 401
    else:
        ids = {row["id"] for row in listed.json()["results"]}
        assert (application.pk in ids) is sees(role, state)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_moving_an_application(client, world, role, state):
    application = world.applications[state]
    url = reverse("api:labs-application-transitions", kwargs={"id": application.pk})
    client = client_as(client, world, role)
    events = application.events.count()
    for action, wanted in (
        (Action.WITHDRAW, withdraw_status(role, state)),
        (Action.START_SCREENING, screening_status(role, state)),
    ):
        # Each request in a savepoint rolled back: the next action starts from the same state.
        with transaction.atomic():
            response = client.post(url, {"action": action}, content_type="application/json")
            transaction.set_rollback(True)
        assert response.status_code == wanted, action
        if wanted != 200:
            assert response.json()["code"] in {
                "not_authenticated",
                "not_found",
                "permission_denied",
                "illegal_transition",
            }
    application.refresh_from_db()
    assert application.events.count() == events
