"""Who may make which move on a testing application, as a matrix: role × state × action,
through the services. Each cell is what must happen: ``ok`` (the move is made), ``denied``
(``PermissionDenied``: not this person's move) or ``illegal`` (``IllegalTransition``: the state,
or the right of reply, stands in the way). A refusal changes nothing.

The expectations are written out as a table rather than derived from the permission
functions, so that the test does not simply repeat the code it checks.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from labs import permissions, services
from labs.lifecycle import LIFECYCLE, Action, State
from labs.models import Application
from popsote.core.lifecycle import IllegalTransition
from tests.labs.world import EVALUATED_REPLIED, ROLES, STATES, module_world

pytestmark = pytest.mark.django_db

ACTIONS = list(LIFECYCLE.moves)
UNDECIDED = [
    State.SUBMITTED,
    State.SCREENING,
    State.ACCEPTED,
    State.TEST_PLANNED,
    State.TESTING,
    State.REPORTING,
    State.EVALUATED,
    EVALUATED_REPLIED,
]
# The moves that succeed, per state, for the labs staff and for company A's representative.
STAFF_OK = {
    State.SUBMITTED: {Action.START_SCREENING, Action.REJECT},
    State.SCREENING: {Action.ACCEPT, Action.REJECT},
    State.ACCEPTED: {Action.PLAN_TEST},
    State.TEST_PLANNED: {Action.START_TEST},
    State.TESTING: {Action.START_REPORTING},
    State.REPORTING: {Action.EVALUATE},
    State.EVALUATED: {Action.SHARE_EVALUATION},
    EVALUATED_REPLIED: {Action.GRANT_LABEL, Action.NO_LABEL},
}
COMPANY_OK = {
    State.DRAFT: {Action.SUBMIT},
    **{state: {Action.WITHDRAW} for state in UNDECIDED},
}
COMPANY_OK[EVALUATED_REPLIED] = {Action.WITHDRAW, Action.REPLY}
COMPANY_MOVES = {Action.SUBMIT, Action.WITHDRAW, Action.REPLY}


def expected(role: str, state: str, action: str) -> str:
    if role == "company_a":
        if action not in COMPANY_MOVES:
            return "denied"
        return "ok" if action in COMPANY_OK.get(state, set()) else "illegal"
    if role == "labs_staff":
        # A draft is the company's own: the labs staff do not even see it.
        if action in COMPANY_MOVES or state == State.DRAFT:
            return "denied"
        return "ok" if action in STAFF_OK.get(state, set()) else "illegal"
    return "denied"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from module_world(django_db_blocker)


def attempt(actor, application: Application, action: str) -> str:
    try:
        with transaction.atomic():
            services.application_transition(
                actor=actor or AnonymousUser(),
                application=application,
                action=action,
                message="Reason for the record.",
                level="approved",
            )
            transaction.set_rollback(True)
    except PermissionDenied:
        return "denied"
    except IllegalTransition:
        return "illegal"
    return "ok"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_every_move_is_made_only_by_whom_and_when_the_table_says(world, role, state):
    application = world.applications[state]
    before = (application.state, application.events.count())
    found = {action: attempt(world.user(role), application, action) for action in ACTIONS}
    wanted = {action: expected(role, state, action) for action in ACTIONS}
    assert found == wanted
    application.refresh_from_db()
    assert (application.state, application.events.count()) == before


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_company_and_the_labs_staff_see_an_application(world, role, state):
    application = world.applications[state]
    user = world.user(role) or AnonymousUser()
    sees = role == "company_a" or (role == "labs_staff" and state != State.DRAFT)
    assert permissions.can_view(user, application) is sees
    listed = permissions.applications_visible_to(user).filter(pk=application.pk).exists()
    assert listed is sees
    assert permissions.can_see_internal(user, application) is (
        role == "labs_staff" and state != State.DRAFT
    )
    assert permissions.can_edit(user, application) is (role == "company_a" and state == State.DRAFT)


@pytest.mark.parametrize("role", ROLES)
def test_the_draft_evaluation_is_the_companys_to_read_only_once_shared(world, role):
    user = world.user(role) or AnonymousUser()
    for state in STATES:
        application = world.applications[state]
        application.refresh_from_db()
        shared = state in (EVALUATED_REPLIED, State.LABEL_GRANTED, State.NO_LABEL)
        sees = (role == "labs_staff" and state != State.DRAFT) or (role == "company_a" and shared)
        assert permissions.can_see_evaluation(user, application) is sees, state


@pytest.mark.parametrize("role", ROLES)
def test_only_a_representative_invites_to_their_own_company(world, role):
    user = world.user(role) or AnonymousUser()
    assert permissions.can_invite(user, world.companies["a"]) is (role == "company_a")
    assert permissions.can_invite(user, world.companies["b"]) is (role == "company_b")


@pytest.mark.parametrize("role", ROLES)
def test_a_company_is_registered_by_someone_signed_in_who_represents_none(world, role):
    user = world.user(role) or AnonymousUser()
    assert permissions.can_register_company(user) is (
        role not in ("anonymous", "company_a", "company_b")
    )
