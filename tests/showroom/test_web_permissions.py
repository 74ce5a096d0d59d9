"""Who opens which showroom page, as a matrix: role × page × state.

Each cell is the HTTP answer, written out rather than derived from the permission functions,
so that the test does not repeat the code it checks. A listing's page is public once it is
published (archived and unlisted ones included, to say why); a draft or a listing in review
does not exist for anyone but its company and those who read every listing (404); a company
page of another company's listing or an editor's page is refused (403); a step the state does
not allow is the refusal page (409).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from showroom.lifecycle import State
from tests.showroom.world import LISTED, PAGE_STATES, PUBLIC_PAGE, PUBLISHED_REVIEW, ROLES

pytestmark = pytest.mark.django_db

SIGN_IN = 302
READERS = {"editor", "labs_staff", "coordinator"}

PAGES = {
    "detail": lambda slug: reverse("showroom:detail", kwargs={"slug": slug}),
    "edit": lambda slug: reverse("showroom:edit", kwargs={"slug": slug, "section": "solution"}),
    "images": lambda slug: reverse("showroom:edit", kwargs={"slug": slug, "section": "images"}),
    "review": lambda slug: reverse("showroom:review", kwargs={"slug": slug}),
}
# The company writes a draft, and a change of a published listing while none is in review.
EDITABLE = {State.DRAFT, State.PUBLISHED, "expired", "withdrawn", "superseded"}


def sees(role: str, state: str) -> bool:
    return state in PUBLIC_PAGE or role == "company_a" or role in READERS


def expected(role: str, page: str, state: str) -> int:
    if page == "detail":
        return 200 if sees(role, state) else 404
    if role == "anonymous":
        return SIGN_IN
    if not sees(role, state):
        return 404
    if page in {"edit", "images"}:
        if role != "company_a":
            return 403
        return 200 if state in EDITABLE else 409
    # review
    return 200 if role == "editor" else 403


CELLS = [(role, page, state) for role in ROLES for page in PAGES for state in PAGE_STATES]


@pytest.mark.parametrize(("role", "page", "state"), CELLS)
def test_it_answers_each_role_page_and_state(world, client, role, page, state):
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(PAGES[page](world.listing(state).slug))
    assert response.status_code == expected(role, page, state), (role, page, state)


LISTS = {
    "catalogue": "showroom:catalogue",
    "mine": "showroom:mine",
    "create": "showroom:create",
    "review_queue": "showroom:review_queue",
}


def expected_list(role: str, page: str) -> int:
    if page == "catalogue":
        return 200
    if role == "anonymous":
        return SIGN_IN
    if page in ("mine", "create"):
        # Both companies hold a valid label (one without is refused: the domain tests).
        return 200 if role in {"company_a", "company_b"} else 403
    return 200 if role == "editor" else 403


@pytest.mark.parametrize(("role", "page"), [(r, p) for r in ROLES for p in LISTS])
def test_it_answers_each_role_on_the_lists(world, client, role, page):
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse(LISTS[page]))
    assert response.status_code == expected_list(role, page), (role, page)


def expected_interest(role: str, state: str) -> int:
    if not sees(role, state):
        return 404
    if role == "company_a":
        return 403  # never its own solution, in any state
    return 302 if state in LISTED else 409


@pytest.mark.parametrize(("role", "state"), [(r, s) for r in ROLES for s in PAGE_STATES])
def test_interest_is_taken_while_listed_from_anyone_but_the_company(world, client, role, state):
    if role != "anonymous":
        client.force_login(world.user(role))
    slug = world.listing(state).slug
    response = client.post(reverse("showroom:interest", kwargs={"slug": slug}))
    assert response.status_code == expected_interest(role, state), (role, state)


def expected_recommend(role: str, state: str) -> int:
    if role == "anonymous":
        return SIGN_IN
    if not sees(role, state):
        return 404
    professional = role in {"professional", "editor", "labs_staff", "coordinator"}
    if role == "company_a" or not professional:
        return 403
    return 302 if state in LISTED else 409


@pytest.mark.parametrize(("role", "state"), [(r, s) for r in ROLES for s in PAGE_STATES])
def test_only_professionals_recommend_a_listed_solution(world, client, role, state):
    if role != "anonymous":
        client.force_login(world.user(role))
    slug = world.listing(state).slug
    response = client.post(reverse("showroom:recommend", kwargs={"slug": slug}))
    assert response.status_code == expected_recommend(role, state), (role, state)


def expected_move(role: str, state: str, action: str) -> int:
    if role == "anonymous":
        return SIGN_IN
    if not sees(role, state):
        return 404
    if role != "editor":
        return 403
    allowed = {
        "publish": {State.IN_REVIEW},
        "publish_change": {PUBLISHED_REVIEW},
        "restore": {State.ARCHIVED},
    }
    return 302 if state in allowed[action] else 409


MOVES = ["publish", "publish_change", "restore"]


@pytest.mark.parametrize(
    ("role", "state", "action"),
    [
        (r, s, a)
        for r in ["anonymous", "company_a", "resident", "editor"]
        for s in PAGE_STATES
        for a in MOVES
    ],
)
def test_the_editors_moves_follow_role_and_state(world, client, role, state, action):
    if role != "anonymous":
        client.force_login(world.user(role))
    slug = world.listing(state).slug
    response = client.post(
        reverse("showroom:transition", kwargs={"slug": slug}), {"action": action}
    )
    assert response.status_code == expected_move(role, state, action), (role, state, action)


def test_a_refused_step_says_why_and_leads_back(world, client):
    client.force_login(world.user("company_a"))
    listing = world.listing(State.IN_REVIEW)
    response = client.get(PAGES["edit"](listing.slug))
    assert response.status_code == 409
    text = response.content.decode()
    assert "This is not possible" in text
    assert "Back to the listing" in text
