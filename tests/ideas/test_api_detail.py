"""One suggestion, its timeline, its comments and supports through the API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Comment, Support
from ideas.services.community import comment_create, content_hide, content_restore
from ideas.services.transitions import suggestion_transition
from popsote.taxonomy.models import StakeholderGroup, StrategyTheme
from processing_groups.models import HandlerGroup, Membership
from tests.factories import make_group, submit
from tests.ideas.test_api_helpers import IDENTITY_CODE, api, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(resident, coordinator):
    """A public suggestion that waited in triage (no groups yet) until a coordinator routed it
    to the group "oulu", with a public message and an internal note."""
    suggestion = submit(
        resident,
        proposed_solution="Iltavuoro.",
        beneficiaries="Ikäihmiset.",
        themes=StrategyTheme.objects.filter(code="for-people"),
    ).suggestion
    suggestion_transition(
        actor=coordinator,
        suggestion=suggestion,
        action="route",
        group=make_group("oulu"),
        message="Käsittelyssä.",
        note="Sisäinen: kysy kotihoidon esihenkilöltä.",
    )
    suggestion.refresh_from_db()
    return suggestion


def test_it_shows_a_suggestion_with_state_group_supports_and_public_timeline(routed):
    response = api().get(url("detail", routed.reference))

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == routed.reference
    assert (body["state"], body["group"], body["supports"]) == ("in_processing", "oulu", 0)
    assert (body["proposed_solution"], body["benefit"]) == ("Iltavuoro.", "Ikäihmiset.")
    assert (body["themes"], body["language"], body["is_private"]) == (["for-people"], "fi", False)
    # The public sees the stakeholder group, never the name unless the author chose so.
    assert body["author"] == "Resident"
    in_finnish = api(HTTP_ACCEPT_LANGUAGE="fi").get(url("detail", routed.reference)).json()
    assert in_finnish["author"] == StakeholderGroup.objects.get(code="resident").name_fi
    assert [event["action"] for event in body["timeline"]] == ["submit", "triage", "route"]
    route = body["timeline"][2]
    assert (route["from_state"], route["to_state"], route["message"]) == (
        "received",
        "in_processing",
        "Käsittelyssä.",
    )
    assert "note" not in route


def test_it_gives_the_existing_solution_link_with_the_answer(routed, coordinator):
    suggestion_transition(
        actor=coordinator,
        suggestion=routed,
        action="existing_solution",
        message="Ohjeet ovat linkissä.",
        link="https://www.pohde.fi/kotihoito/",
    )

    body = api().get(url("detail", routed.reference)).json()

    assert (body["state"], body["solution_link"]) == (
        "existing_solution",
        "https://www.pohde.fi/kotihoito/",
    )
    assert body["timeline"][-1]["message"] == "Ohjeet ovat linkissä."


def test_it_shows_the_group_a_suggestion_was_transferred_to(routed, coordinator):
    suggestion_transition(
        actor=coordinator,
        suggestion=routed,
        action="transfer",
        group=make_group("lakeus"),
        message="Kuuluu Lakeuden ryhmälle.",
    )

    assert api().get(url("detail", routed.reference)).json()["group"] == "lakeus"


def test_it_shows_internal_notes_to_the_group_and_coordinators_only(
    routed, coordinator, make_user, other_resident
):
    group = HandlerGroup.objects.get(slug="oulu")
    member = make_user("member@example.fi", stakeholder="professional")
    Membership.objects.create(group=group, user=member)
    content_hide(actor=coordinator, suggestion=routed, reason="Tarkistetaan.")
    content_restore(actor=coordinator, suggestion=routed, reason="Kunnossa.")

    def timeline(user, name):
        response = api(user, token=True).get(url(name, routed.reference))
        body = response.json()
        return body["timeline"] if name == "detail" else body["results"]

    for name in ("detail", "events"):
        public = timeline(other_resident, name)
        assert [event["action"] for event in public] == ["submit", "triage", "route"]
        assert all("note" not in event for event in public)
        for insider in (coordinator, member):
            internal = timeline(insider, name)
            assert [event["action"] for event in internal] == [
                "submit",
                "triage",
                "route",
                "hide",
                "restore",
            ]
            assert internal[2]["note"] == "Sisäinen: kysy kotihoidon esihenkilöltä."
            assert (internal[3]["note"], internal[3]["public"]) == ("Tarkistetaan.", False)


def test_it_answers_404_alike_for_missing_and_private_suggestions(resident, other_resident):
    private = submit(resident, is_private=True).suggestion

    missing = api(other_resident, token=True).get(url("detail", "2026-999999"))
    forbidden = api(other_resident, token=True).get(url("detail", private.reference))

    assert missing.status_code == forbidden.status_code == 404
    assert missing.json() == forbidden.json() == {"detail": "Not found.", "code": "not_found"}
    assert api(resident, token=True).get(url("detail", private.reference)).status_code == 200


def _transfer_back_and_forth(suggestion, coordinator, *, times: int) -> None:
    """Timeline rows: transfers between two groups, each with its internal reason."""
    groups = [make_group("lakeus"), HandlerGroup.objects.get(slug="oulu")]
    for n in range(times):
        suggestion_transition(
            actor=coordinator,
            suggestion=suggestion,
            action="transfer",
            group=groups[n % 2],
            note=f"Siirto {n}",
        )


def test_it_reads_the_detail_in_a_fixed_number_of_queries(routed, coordinator):
    client = api(coordinator, token=True)
    client.get(url("detail", routed.reference))
    with CaptureQueriesContext(connection) as few:
        client.get(url("detail", routed.reference))
    _transfer_back_and_forth(routed, coordinator, times=10)

    with CaptureQueriesContext(connection) as many:
        body = client.get(url("detail", routed.reference)).json()

    assert len(body["timeline"]) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Comments -------------------------------------------------------------------------------


def test_it_lists_visible_comments_oldest_first_for_anyone(
    routed, resident, other_resident, coordinator
):
    first = comment_create(actor=other_resident, suggestion=routed, body="Sama täällä.")
    hidden = comment_create(actor=resident, suggestion=routed, body="Asiaton.")
    other_resident.show_name = True
    other_resident.save()
    last = comment_create(actor=other_resident, suggestion=routed, body="Kiitos.")
    content_hide(actor=coordinator, comment=hidden, reason="Asiaton.")

    body = api().get(url("comments", routed.reference)).json()

    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [first.pk, last.pk]
    assert body["results"][1] == {
        "id": last.pk,
        "body": "Kiitos.",
        "author": "Olli Other",
        "created": body["results"][1]["created"],
        "edited": None,
    }


def test_it_takes_a_comment_from_a_signed_in_person(routed, other_resident):
    response = api(other_resident, token=True).post(
        url("comments", routed.reference), {"body": "  Meilläkin sama.  "}, format="json"
    )

    assert response.status_code == 201
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.author, comment.body) == (other_resident, "Meilläkin sama.")
    assert api().get(url("detail", routed.reference)).json()["comments"] == 1


def test_it_refuses_a_comment_with_an_identity_code_or_no_text(routed, other_resident):
    client = api(other_resident, token=True)

    with_code = client.post(
        url("comments", routed.reference), {"body": f"Potilas {IDENTITY_CODE}."}, format="json"
    )
    empty = client.post(url("comments", routed.reference), {"body": "   "}, format="json")

    assert (with_code.status_code, empty.status_code) == (400, 400)
    assert list(with_code.json()["fields"]) == list(empty.json()["fields"]) == ["body"]
    assert not Comment.objects.exists()


def test_it_requires_signing_in_to_comment(routed):
    response = api().post(url("comments", routed.reference), {"body": "Hei"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Comment.objects.exists()


def test_it_says_why_a_withdrawn_suggestion_takes_no_comments(resident, other_resident):
    suggestion = submit(resident).suggestion
    suggestion_transition(actor=resident, suggestion=suggestion, action="withdraw")

    response = api(other_resident, token=True).post(
        url("comments", suggestion.reference), {"body": "Hei"}, format="json"
    )

    assert response.status_code == 403
    # The same sentence as on the suggestion's page.
    assert response.json()["detail"] == (
        "This suggestion was withdrawn by its author and takes no more supports or comments."
    )


def test_it_pages_comments_in_a_number_of_queries_that_does_not_grow_with_rows(
    routed, make_user, django_assert_num_queries
):
    people = [make_user(f"p{n}@example.fi", stakeholder="professional") for n in range(30)]
    for person in people[:3]:
        comment_create(actor=person, suggestion=routed, body="Sama.")
    with CaptureQueriesContext(connection) as few:
        assert api().get(url("comments", routed.reference)).json()["count"] == 3
    for person in people[3:]:
        comment_create(actor=person, suggestion=routed, body="Sama.")

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(api().get(url("comments", routed.reference)).json()["results"]) == 30


def test_it_pages_the_timeline_in_a_number_of_queries_that_does_not_grow_with_rows(
    routed, coordinator, django_assert_num_queries
):
    client = api(coordinator, token=True)
    client.get(url("events", routed.reference))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("events", routed.reference)).json()["count"] == 3
    _transfer_back_and_forth(routed, coordinator, times=20)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url("events", routed.reference)).json()["count"] == 23


# --- Supports -------------------------------------------------------------------------------


def test_it_supports_once_however_many_times_asked(routed, other_resident):
    client = api(other_resident, token=True)

    answers = [client.post(url("support", routed.reference)) for _ in range(2)]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer.json() for answer in answers] == [{"supported": True, "supports": 1}] * 2
    assert Support.objects.filter(suggestion=routed, user=other_resident).count() == 1


def test_it_withdraws_support_once_however_many_times_asked(routed, other_resident):
    client = api(other_resident, token=True)
    client.post(url("support", routed.reference))

    answers = [client.delete(url("support", routed.reference)) for _ in range(2)]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer.json() for answer in answers] == [{"supported": False, "supports": 0}] * 2
    assert not Support.objects.exists()


def test_it_says_why_one_cannot_support_ones_own_suggestion(routed, resident):
    response = api(resident, token=True).post(url("support", routed.reference))

    assert response.status_code == 403
    assert response.json() == {
        "detail": (
            "This is your own suggestion: your need is already counted, so you cannot support it."
        ),
        "code": "permission_denied",
    }
    assert not Support.objects.exists()


def test_it_requires_signing_in_to_support(routed):
    response = api().post(url("support", routed.reference))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Support.objects.exists()


def test_it_rejects_a_wrong_token(routed):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.post(url("support", routed.reference))

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
