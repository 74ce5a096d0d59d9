"""The notification list, marking read, the header count, and the API: each person
sees and marks only their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import get_language

from popsote.notifications import services
from popsote.notifications.models import Category, Notification

pytestmark = pytest.mark.django_db


def say(user, title="Ehdotus eteni", url="/suggestions/2026-000001/", count=1):
    rows = []
    for number in range(count):
        rows += services.notify_users(
            users=[user],
            category=Category.MY_SUGGESTIONS,
            kind="test",
            render=lambda number=number: {
                "title": f"{title} {number}",
                "body": "Runko",
                "url": url,
            },
        )
    return rows


# --- Pages ----------------------------------------------------------------------------------


def test_it_lists_my_notifications_newest_first_with_the_unread_count(client_for, resident):
    older, newer = say(resident, count=2)
    services.notification_mark_read(user=resident, notification_id=older.pk)

    response = client_for(resident).get("/en/notifications/")

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert content.index("Ehdotus eteni 1") < content.index("Ehdotus eteni 0")
    assert "You have 1 unread notification." in content
    assert "Notifications (1 unread)" in content
    # Unread is said in words, not by colour alone.
    assert content.count(">New</span>") == 1
    assert f'href="/en/notifications/{newer.pk}/open/"' in content


def test_it_shows_the_text_in_the_pages_language(client_for, resident):
    services.notify_users(
        users=[resident],
        category=Category.MY_SUGGESTIONS,
        kind="test",
        render=lambda: {
            "title": {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}[get_language()],
            "body": "",
            "url": "",
        },
    )
    client = client_for(resident)

    assert "På svenska" in client.get("/sv/notifications/").content.decode()
    assert "Suomeksi" in client.get("/notifications/").content.decode()


def test_it_shows_nobody_elses_notifications(client_for, resident, other_resident):
    say(other_resident, title="Toisen asia")

    content = client_for(resident).get("/en/notifications/").content.decode()

    assert "Toisen asia" not in content
    assert "You have no notifications yet." in content


def test_it_sends_signed_out_visitors_to_sign_in(client):
    response = client.get("/en/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_runs_the_same_number_of_queries_for_few_and_many(
    client_for, resident, django_assert_num_queries
):
    client = client_for(resident)
    say(resident, count=2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/notifications/").status_code == 200

    say(resident, count=30)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/en/notifications/").status_code == 200


def test_it_marks_one_read_and_goes_back(client_for, resident):
    (row,) = say(resident)

    response = client_for(resident).post(
        f"/en/notifications/{row.pk}/read/", {"next": "/en/notifications/?page=1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/notifications/?page=1"
    row.refresh_from_db()
    assert row.read_at is not None


def test_it_does_not_go_back_to_another_site(client_for, resident):
    (row,) = say(resident)
    response = client_for(resident).post(
        f"/en/notifications/{row.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/notifications/"


def test_it_opens_the_thing_and_marks_it_read(client_for, resident):
    (row,) = say(resident, url="/en/suggestions/2026-000001/")

    response = client_for(resident).get(f"/en/notifications/{row.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/en/suggestions/2026-000001/"
    row.refresh_from_db()
    assert row.read_at is not None


@pytest.mark.parametrize("path", ["read/", "open/"])
def test_it_answers_404_for_someone_elses_notification(client_for, resident, other_resident, path):
    (row,) = say(other_resident)
    client = client_for(resident)

    response = client.post(f"/en/notifications/{row.pk}/{path}")
    if path == "open/":
        response = client.get(f"/en/notifications/{row.pk}/{path}")

    assert response.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_it_marks_all_read(client_for, resident, other_resident):
    say(resident, count=3)
    (theirs,) = say(other_resident)

    response = client_for(resident).post("/en/notifications/read-all/")

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=resident, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_read_what_concerns_a_topic_of_one_person_only(resident, other_resident):
    def tell(user, *, topic, kind):
        (row,) = services.notify_users(
            users=[user],
            category=Category.MY_SUGGESTIONS,
            kind=kind,
            render=lambda: {"title": "Kysymys", "body": "", "url": "/"},
            topic=topic,
        )
        return row

    question = tell(resident, topic="suggestion:1", kind="question")
    decision = tell(resident, topic="suggestion:1", kind="decision")
    elsewhere = tell(resident, topic="suggestion:2", kind="question")
    theirs = tell(other_resident, topic="suggestion:1", kind="question")

    marked = services.notifications_mark_read_about(
        user=resident, topic="suggestion:1", kinds=["question"]
    )

    assert marked == 1
    unread = set(Notification.objects.filter(read_at=None).values_list("pk", flat=True))
    assert question.pk not in unread
    assert {decision.pk, elsewhere.pk, theirs.pk} <= unread
    assert services.notifications_mark_read_about(user=resident.pk, topic="suggestion:1") == 1


def test_it_refuses_to_mark_read_by_get(client_for, resident):
    (row,) = say(resident)
    assert client_for(resident).get(f"/en/notifications/{row.pk}/read/").status_code == 405


def test_it_links_to_the_notifications_in_the_header_only_when_signed_in(client_for, resident):
    say(resident, count=2)
    assert "Notifications (2 unread)" in client_for(resident).get("/en/").content.decode()
    assert "/en/notifications/" not in client_for(None).get("/en/").content.decode()


# --- API ------------------------------------------------------------------------------------


def test_the_api_lists_my_own_newest_first_with_the_unread_count(
    client_for, resident, other_resident
):
    older, newer = say(resident, count=2)
    say(other_resident, title="Toisen asia")
    services.notification_mark_read(user=resident, notification_id=older.pk)

    body = client_for(resident).get("/api/v1/notifications/").json()

    assert body["count"] == 2
    assert body["unread"] == 1
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    first = body["results"][0]
    assert first["unread"] is True and first["read_at"] is None
    assert first["title"] == "Ehdotus eteni 1"
    assert first["url"] == "http://testserver/suggestions/2026-000001/"
    assert set(first) >= {"id", "category", "kind", "title", "body", "url", "created_at"}
    assert body["next"] is None and body["previous"] is None


def test_the_api_answers_in_the_language_asked(client_for, resident):
    services.notify_users(
        users=[resident],
        category=Category.MY_SUGGESTIONS,
        kind="test",
        render=lambda: {
            "title": get_language(),
            "body": "",
            "url": "",
        },
    )
    body = client_for(resident).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="sv").json()
    assert body["results"][0]["title"] == "sv"


def test_the_api_marks_one_of_mine_read(client_for, resident):
    (row,) = say(resident)
    client = client_for(resident)

    response = client.post(f"/api/v1/notifications/{row.pk}/read/")

    assert response.status_code == 200
    assert response.json()["unread"] is False
    assert client.get("/api/v1/notifications/").json()["unread"] == 0
    # Again: still fine, still read.
    assert client.post(f"/api/v1/notifications/{row.pk}/read/").status_code == 200


def test_the_api_answers_404_for_someone_elses_or_a_missing_one(
    client_for, resident, other_resident
):
    (theirs,) = say(other_resident)
    client = client_for(resident)

    for pk in (theirs.pk, theirs.pk + 1000):
        response = client.post(f"/api/v1/notifications/{pk}/read/")
        assert response.status_code == 404
        assert "detail" in response.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_wants_a_signed_in_person(client):
    assert client.get("/api/v1/notifications/").status_code == 401
    assert client.post("/api/v1/notifications/1/read/").status_code == 401


def test_the_api_list_runs_the_same_number_of_queries_for_few_and_many(
    client_for, resident, django_assert_num_queries
):
    client = client_for(resident)
    say(resident, count=2)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/notifications/")
    say(resident, count=25)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/api/v1/notifications/")


def test_the_api_schema_describes_the_notifications(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/notifications/" in schema["paths"]
    assert "/api/v1/notifications/{notification_id}/read/" in schema["paths"]
