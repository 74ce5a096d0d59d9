"""Who may do what through the suggestions API: roles × endpoints × states, public and private.

The author signs in with a token, the other resident with a browser session and the
coordinator with a token, so both ways of signing in take part. Each refused request must
change nothing; each allowed one must have its effect.
"""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import translation

from ideas.models import Comment, Suggestion, SuggestionEvent, Support
from tests.factories import PEOPLE, make_group, make_person, submit
from tests.ideas.test_api_helpers import api, put_in_state, url

pytestmark = pytest.mark.django_db

STATES = ("received", "in_processing", "withdrawn")
ROLES = ("anonymous", "author", "other_resident", "coordinator")

ENDPOINTS = {
    # name: (method, URL name, body)
    "read": ("get", "detail", None),
    "events": ("get", "events", None),
    "comments": ("get", "comments", None),
    "comment": ("post", "comments", {"body": "Meilläkin sama."}),
    "support": ("post", "support", None),
    "unsupport": ("delete", "support", None),
    "withdraw": ("post", "transitions", {"action": "withdraw"}),
    "route": ("post", "transitions", {"action": "route", "group": "oulu"}),
}

# Expected status for each role: one number for every state, or one per state in the order
# received, in_processing, withdrawn.
PUBLIC = {
    "read": {"anonymous": 200, "author": 200, "other_resident": 200, "coordinator": 200},
    "events": {"anonymous": 200, "author": 200, "other_resident": 200, "coordinator": 200},
    "comments": {"anonymous": 200, "author": 200, "other_resident": 200, "coordinator": 200},
    "comment": {
        "anonymous": 401,
        "author": (201, 201, 403),
        "other_resident": (201, 201, 403),
        "coordinator": (201, 201, 403),
    },
    "support": {
        "anonymous": 401,
        "author": 403,
        "other_resident": (200, 200, 403),
        "coordinator": (200, 200, 403),
    },
    "unsupport": {"anonymous": 401, "author": 200, "other_resident": 200, "coordinator": 200},
    "withdraw": {
        "anonymous": 403,
        "author": (200, 200, 409),
        "other_resident": 403,
        "coordinator": 403,
    },
    "route": {
        "anonymous": 403,
        "author": 403,
        "other_resident": 403,
        "coordinator": (200, 409, 409),
    },
}

# A private suggestion: only its author and the handlers know it exists; nobody discusses it.
PRIVATE = {
    "read": {"anonymous": 404, "author": 200, "other_resident": 404, "coordinator": 200},
    "events": {"anonymous": 404, "author": 200, "other_resident": 404, "coordinator": 200},
    "comments": {"anonymous": 404, "author": 200, "other_resident": 404, "coordinator": 200},
    "comment": {"anonymous": 401, "author": 403, "other_resident": 404, "coordinator": 403},
    "support": {"anonymous": 401, "author": 403, "other_resident": 404, "coordinator": 403},
    "unsupport": {"anonymous": 401, "author": 200, "other_resident": 404, "coordinator": 200},
    "withdraw": {
        "anonymous": 404,
        "author": (200, 200, 409),
        "other_resident": 404,
        "coordinator": 403,
    },
    "route": {
        "anonymous": 404,
        "author": 403,
        "other_resident": 404,
        "coordinator": (200, 409, 409),
    },
}


def expected(table: dict, endpoint: str, role: str, state: str) -> int:
    status = table[endpoint][role]
    return status[STATES.index(state)] if isinstance(status, tuple) else status


def snapshot(suggestion: Suggestion) -> tuple:
    row = Suggestion.objects.get(pk=suggestion.pk)
    return (
        row.state,
        row.updated_at,
        row.support_count,
        row.comment_count,
        SuggestionEvent.objects.filter(suggestion=row).count(),
        Support.objects.filter(suggestion=row).count(),
        Comment.objects.filter(suggestion=row).count(),
    )


def assert_effect(endpoint: str, suggestion: Suggestion, person) -> None:
    row = Suggestion.objects.get(pk=suggestion.pk)
    if endpoint == "comment":
        assert Comment.objects.filter(suggestion=row, author=person).count() == 1
        assert row.comment_count == 1
    elif endpoint == "support":
        assert Support.objects.filter(suggestion=row, user=person).count() == 1
        assert row.support_count == 1
    elif endpoint == "unsupport":
        assert not Support.objects.filter(suggestion=row, user=person).exists()
        assert row.support_count == 0
    elif endpoint == "withdraw":
        assert row.state == "withdrawn"
    elif endpoint == "route":
        assert (row.state, row.group.slug) == ("in_processing", "oulu")


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    """Built once for the module (each test runs in a savepoint, so what one test changes the
    next does not see): the author, another resident, a coordinator, and the author's
    suggestion in each state and visibility, submitted while no group existed to route it."""
    with django_db_blocker.unblock(), translation.override("en"):
        people = {
            "author": make_person(**PEOPLE["resident"]),
            "other_resident": make_person(**PEOPLE["other_resident"]),
            "coordinator": make_person(**PEOPLE["coordinator"]),
        }
        submitted = {
            (state, visibility): submit(
                people["author"], is_private=visibility == "private"
            ).suggestion
            for state in STATES
            for visibility in ("public", "private")
        }
        assert all(suggestion.in_triage for suggestion in submitted.values())
        make_group("oulu")
        suggestions = {
            key: put_in_state(
                suggestion, key[0], coordinator=people["coordinator"], author=people["author"]
            ).pk
            for key, suggestion in submitted.items()
        }
    return {"people": people, "suggestions": suggestions}


@pytest.mark.parametrize("visibility", ["public", "private"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_who_may_do_what(role, endpoint, state, visibility, world):
    suggestion = Suggestion.objects.get(pk=world["suggestions"][state, visibility])
    resident, other_resident, coordinator = (
        world["people"][name] for name in ("author", "other_resident", "coordinator")
    )
    person, client = {
        "anonymous": (None, api()),
        "author": (resident, api(resident, token=True)),
        "other_resident": (other_resident, api(other_resident)),
        "coordinator": (coordinator, api(coordinator, token=True)),
    }[role]
    if endpoint == "unsupport" and person is not None:
        # Test setup: a support to withdraw, whether or not the person could give one today.
        Support.objects.create(suggestion=suggestion, user=person)
        Suggestion.objects.filter(pk=suggestion.pk).update(support_count=F("support_count") + 1)
    method, name, body = ENDPOINTS[endpoint]
    before = snapshot(suggestion)

    response = getattr(client, method)(url(name, suggestion.reference), body, format="json")

    table = PUBLIC if visibility == "public" else PRIVATE
    assert response.status_code == expected(table, endpoint, role, state), response.json()
    if response.status_code >= 400 or method == "get":
        assert snapshot(suggestion) == before
    else:
        assert_effect(endpoint, suggestion, person)
