"""Preferences per person and category, daily and weekly digests, and unsubscribing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from popsote.notifications import delivery, services, tokens
from popsote.notifications.models import (
    Category,
    Digest,
    EmailState,
    Frequency,
    Notification,
    Preference,
    categories_for,
)
from tests.factories import make_group

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


def say(user, category=Category.FOLLOWED, title="Päätös tehty", url="/suggestions/"):
    (row,) = services.notify_users(
        users=[user],
        category=category,
        kind="test",
        render=lambda: {"title": title, "body": "", "url": url},
    )
    return row


def test_it_uses_the_defaults_until_a_person_chooses(resident):
    assert services.preferences_of(resident) == {
        "my_suggestions": "immediately",
        "followed": "daily",
        "group_work": "immediately",
        "coordination": "immediately",
        "labs": "immediately",
        "showroom": "immediately",
    }


def test_it_keeps_the_in_site_notification_when_mail_is_off(
    resident, django_capture_on_commit_callbacks
):
    services.preferences_set(user=resident, frequencies={"my_suggestions": "off"})

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = say(resident, Category.MY_SUGGESTIONS)

    assert callbacks == []
    assert row.email_state == EmailState.SKIPPED
    assert row.read_at is None
    assert delivery.deliver_pending() == {}
    assert mail.outbox == []


def test_it_sends_immediately_when_the_person_chose_so(
    resident, django_capture_on_commit_callbacks
):
    services.preferences_set(user=resident, frequencies={"followed": "immediately"})

    with django_capture_on_commit_callbacks(execute=True):
        row = say(resident)

    row.refresh_from_db()
    assert row.email_state == EmailState.SENT
    assert len(mail.outbox) == 1


def test_it_gathers_a_days_notifications_into_one_digest(
    resident, other_resident, django_capture_on_commit_callbacks
):
    first = say(resident, title="Ensimmäinen päätös")
    second = say(resident, title="Toinen päätös")
    say(other_resident, title="Muiden asia")
    morning = timezone.now() + timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        built = delivery.digests_build(frequency="daily", now=morning)
    for digest_id in built:
        delivery.deliver_digest(digest_id, now=morning)

    assert len(built) == 2
    mine = [message for message in mail.outbox if message.to == [resident.email]]
    assert len(mine) == 1
    (message,) = mine
    assert "Ensimmäinen päätös" in message.body and "Toinen päätös" in message.body
    assert "Muiden asia" not in message.body
    # In the recipient's language: Finnish, the county's default, for this resident.
    assert message.subject == "Päivittäinen koosteesi: 2 uutta ilmoitusta"
    assert "Ensimmäinen päätös" in message.alternatives[0][0]
    for row in (first, second):
        row.refresh_from_db()
        assert row.email_state == EmailState.SENT


def test_it_sends_one_digest_per_period_however_often_the_job_runs(resident):
    morning = datetime(2026, 5, 4, 7, 0, tzinfo=HELSINKI)
    say(resident)
    Notification.objects.update(created_at=morning - timedelta(hours=3))

    assert len(delivery.digests_build(frequency="daily", now=morning)) == 1
    later = say(resident, title="Myöhempi")
    Notification.objects.filter(pk=later.pk).update(created_at=morning + timedelta(hours=1))
    evening = morning + timedelta(hours=12)
    assert delivery.digests_build(frequency="daily", now=evening) == []
    delivery.deliver_pending(now=evening)
    assert len(mail.outbox) == 1

    next_morning = morning + timedelta(days=1)
    assert len(delivery.digests_build(frequency="daily", now=next_morning)) == 1
    delivery.deliver_pending(now=next_morning)
    assert len(mail.outbox) == 2
    assert "Myöhempi" in mail.outbox[1].body
    assert Digest.objects.filter(recipient=resident).count() == 2


def test_it_sends_weekly_digests_once_a_week_grouped_by_category(resident):
    resident.preferred_language = "en"
    resident.save()
    services.preferences_set(
        user=resident, frequencies={"followed": "weekly", "my_suggestions": "weekly"}
    )
    say(resident, Category.FOLLOWED, title="Seurattu päätös")
    say(resident, Category.MY_SUGGESTIONS, title="Oma vastaus")
    monday = timezone.now() + timedelta(minutes=1)

    assert delivery.digests_build(frequency="daily", now=monday) == []
    assert len(delivery.digests_build(frequency="weekly", now=monday)) == 1
    delivery.deliver_pending(now=monday)

    (message,) = mail.outbox
    assert message.subject == "Your weekly summary: 2 new notifications"
    body = message.body
    assert body.index("My suggestions") < body.index("Oma vastaus")
    assert body.index("Suggestions I follow or support") < body.index("Seurattu päätös")
    assert delivery.digests_build(frequency="weekly", now=monday + timedelta(days=2)) == []


def test_it_skips_waiting_mail_when_the_person_turns_the_category_off(resident):
    row = say(resident)
    assert row.email_state == EmailState.WAITING

    services.preferences_set(user=resident, frequencies={"followed": "off"})

    row.refresh_from_db()
    assert row.email_state == EmailState.SKIPPED
    assert delivery.digests_build(frequency="daily", now=timezone.now()) == []


def test_it_saves_the_preferences_page(client_for, resident):
    client = client_for(resident)
    page = client.get("/en/notifications/preferences/")
    assert page.status_code == 200
    assert b'name="followed" value="daily"' in page.content

    response = client.post(
        "/en/notifications/preferences/",
        {
            "my_suggestions": "weekly",
            "followed": "off",
            "group_work": "immediately",
            "coordination": "daily",
        },
    )

    assert response.status_code == 302
    # The categories that cannot reach a resident are not theirs to set: ignored.
    assert dict(Preference.objects.filter(user=resident).values_list("category", "frequency")) == {
        "my_suggestions": "weekly",
        "followed": "off",
    }


def _member(user):
    make_group("oulu", name="Oulu", members=[user])
    return user


EVERYBODY = ["my_suggestions", "followed"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("resident", EVERYBODY),
        ("member", [*EVERYBODY, "group_work"]),
        ("coordinator", [*EVERYBODY, "coordination"]),
        ("coordinating_member", [*EVERYBODY, "group_work", "coordination"]),
    ],
)
def test_it_offers_only_the_categories_that_can_reach_the_person(
    client_for, resident, coordinator, role, expected
):
    person = {
        "resident": lambda: resident,
        "member": lambda: _member(resident),
        "coordinator": lambda: coordinator,
        "coordinating_member": lambda: _member(coordinator),
    }[role]()

    page = client_for(person).get("/en/notifications/preferences/").content.decode()

    assert categories_for(person) == expected
    offered = [name for name in Category.values if f'name="{name}"' in page]
    assert offered == expected


def test_it_keeps_what_was_chosen_and_names_the_field_on_bad_input(client_for, resident):
    response = client_for(resident).post(
        "/en/notifications/preferences/",
        {"my_suggestions": "weekly", "followed": "hourly", "group_work": "off"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert "Suggestions I follow or support" in content
    assert 'value="weekly" required id="id_my_suggestions_2" checked' in content
    assert not Preference.objects.exists()


def test_it_sends_signed_out_visitors_from_the_preferences_to_sign_in(client):
    response = client.get("/en/notifications/preferences/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Unsubscribing --------------------------------------------------------------------------


def test_it_puts_a_signed_one_click_unsubscribe_link_in_every_mail(resident):
    row = say(resident, Category.MY_SUGGESTIONS)
    delivery.deliver_notification(row.pk)

    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in message.body
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert tokens.read(token) == {"u": resident.pk, "c": ["my_suggestions"]}


def test_it_asks_before_unsubscribing_and_then_unsubscribes(resident):
    token = tokens.for_user(resident.pk, ["my_suggestions"])
    url = reverse("notifications:unsubscribe", kwargs={"token": token})
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)
    assert page.status_code == 200
    assert b"Stop these e-mails" in page.content
    assert not Preference.objects.exists()

    done = client.post(url)
    assert done.status_code == 200
    assert services.preferences_of(resident)["my_suggestions"] == "off"
    # The other categories stay as they were.
    assert services.preferences_of(resident)["group_work"] == "immediately"


@pytest.mark.parametrize("whose", ["person", "address"])
def test_it_says_what_confirming_will_do_and_only_after_it_that_it_is_done(resident, whose):
    if whose == "person":
        token = tokens.for_user(resident.pk, ["followed"])
    else:
        token = tokens.for_address("maija@example.fi", "suggestion:1")
    url = f"/en/notifications/unsubscribe/{token}/"

    before = Client().get(url).content.decode()
    after = Client().post(url).content.decode()

    assert "If you confirm, you will get no more e-mail about" in before
    assert "close this page: nothing changes" in before
    assert "You will no longer get e-mail" not in before
    assert "<h1>E-mails stopped</h1>" in after
    assert "You will no longer get e-mail about" in after
    assert "If you confirm" not in after


def test_it_unsubscribes_with_the_one_click_post_of_a_mail_program(resident):
    token = tokens.for_user(resident.pk, ["followed", "my_suggestions"])
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/notifications/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert services.preferences_of(resident)["followed"] == "off"
    assert services.preferences_of(resident)["my_suggestions"] == "off"


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_a_token_with_a_wrong_signature(resident, method):
    token = tokens.for_user(resident.pk, ["my_suggestions"])
    forged = tokens.signing.dumps({"u": resident.pk, "c": ["my_suggestions"]}, salt="other")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    for bad in (forged, tampered, "not-a-token"):
        response = getattr(Client(), method)(f"/en/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert b"This unsubscribe link is not valid" in response.content
    assert not Preference.objects.exists()


def test_it_stops_a_signed_out_submitters_mail_about_that_suggestion_only(db):
    def tell(topic):
        return services.notify_address(
            email="maija@example.fi",
            language="fi",
            category=Category.MY_SUGGESTIONS,
            kind="test",
            render=lambda: {"title": "Vastaus", "body": "", "url": "/track/x/"},
            topic=topic,
        )

    waiting = tell("suggestion:1")
    token = tokens.for_address("maija@example.fi", "suggestion:1")
    assert "maija" not in token

    assert Client().post(f"/notifications/unsubscribe/{token}/").status_code == 200

    waiting.refresh_from_db()
    assert waiting.email_state == EmailState.SKIPPED
    assert tell("suggestion:1") is None
    other = tell("suggestion:2")
    assert other is not None
    assert delivery.deliver_pending() == {"sent": 1}
    assert mail.outbox[0].to == ["maija@example.fi"]


def test_it_keeps_frequency_choices_to_the_known_ones(resident):
    with pytest.raises(ValueError):
        services.preferences_set(user=resident, frequencies={"followed": "hourly"})
    assert Frequency.values == ["immediately", "daily", "weekly", "off"]
