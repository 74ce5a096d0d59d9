"""Who opens which Labs page, as a matrix: role × page × state.

Each cell is the HTTP answer, written out rather than derived from the permission functions,
so that the test does not repeat the code it checks. Another company's application, its
attachments and its evaluation do not exist for a company (404), nor for anyone who is not
its company or the labs staff; a company on a labs staff page is refused (403); a step the
state does not allow is the refusal page (409).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from labs.lifecycle import State
from tests.labs.web_states import STATES, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()

ROLES = ["anonymous", "company_a", "company_b", "resident", "coordinator", "labs_staff"]
SIGN_IN = 302
SHARED = "evaluated_shared"

PAGES = {
    "application": lambda a: reverse("labs:application", kwargs={"pk": a.pk}),
    "edit": lambda a: reverse("labs:edit", kwargs={"pk": a.pk, "section": "product"}),
    "screening": lambda a: reverse("labs:screening", kwargs={"pk": a.pk}),
    "plan": lambda a: reverse("labs:plan", kwargs={"pk": a.pk}),
    "report": lambda a: reverse("labs:report", kwargs={"pk": a.pk}),
    "evaluate": lambda a: reverse("labs:evaluate", kwargs={"pk": a.pk}),
    "decision": lambda a: reverse("labs:decision", kwargs={"pk": a.pk}),
    "evaluation_report": lambda a: reverse("labs:evaluation_report", kwargs={"pk": a.pk}),
    "attachment": lambda a: a.attachments.first().get_absolute_url(),
}

# For the labs staff: the states in which each of their steps is open.
STAFF_OPEN = {
    "screening": {State.SUBMITTED, State.SCREENING},
    "plan": {State.ACCEPTED, State.TEST_PLANNED},
    "report": {State.TESTING, State.REPORTING},
    "evaluate": {State.REPORTING, State.EVALUATED, SHARED},
    "decision": {State.EVALUATED, SHARED},
}


def expected(role: str, page: str, state: str) -> int:
    draft = state == State.DRAFT
    if role == "anonymous":
        return (
            SIGN_IN
            if page in {"application", "edit", "evaluate", "decision", "evaluation_report"}
            else 404
        )
    if role in {"company_b", "resident", "coordinator"}:
        return 404
    if role == "company_a":
        if page in {"application", "attachment"}:
            return 200
        if page == "edit":
            return 200 if draft else 409
        if page == "evaluation_report":
            return 200 if state in {SHARED, State.LABEL_GRANTED} else 403
        return 403
    # labs staff: the company's drafts are its own
    if draft:
        return 404
    if page in {"application", "attachment", "evaluation_report"}:
        return 200
    if page == "edit":
        return 403
    return 200 if state in STAFF_OPEN[page] else 409


CELLS = [(role, page, state) for role in ROLES for page in PAGES for state in [*STATES, SHARED]]


@pytest.mark.parametrize(("role", "page", "state"), CELLS)
def test_it_answers_each_role_page_and_state(world, client, role, page, state):
    application = world.shared if state == SHARED else world.applications[state]
    if role != "anonymous":
        client.force_login(world.people[role])
    response = client.get(PAGES[page](application))
    assert response.status_code == expected(role, page, state), (role, page, state)


def test_it_shows_the_refusal_page_for_a_step_the_state_does_not_allow(world, client):
    client.force_login(world.people["labs_staff"])
    response = client.get(PAGES["plan"](world.applications[State.SUBMITTED]))
    assert response.status_code == 409
    assert "This is not possible" in response.content.decode()
    assert "Back to the application" in response.content.decode()
