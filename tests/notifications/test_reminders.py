"""Service-level reminders: a group's chairs hear once per week about its overdue
suggestions, however many there are and however often the job runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ideas.models import Suggestion
from ideas.services.reminders import remind_overdue
from popsote.notifications.models import Category, Notification, Reminder
from popsote.notifications.services import reminder_claim
from processing_groups.models import Membership
from tests.factories import make_group, submit

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 5, 4, 8, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def people(make_user):
    return {
        "chair": make_user("chair@example.fi", stakeholder="professional"),
        "vice": make_user("vice@example.fi", stakeholder="professional"),
        "member": make_user("member@example.fi", stakeholder="professional"),
    }


def overdue(group, count: int, *, by=timedelta(days=1)):
    for number in range(count):
        suggestion = submit(title=f"Ehdotus {number}").suggestion
        Suggestion.objects.filter(pk=suggestion.pk).update(group=group, due_at=MONDAY - by)


def reminders(user):
    return list(Notification.objects.filter(recipient=user, kind="suggestion.overdue"))


def test_it_reminds_each_chair_once_not_once_per_item(people):
    group = make_group(chair=people["chair"], members=[people["member"]])
    Membership.objects.create(group=group, user=people["vice"], role=Membership.Role.CHAIR)
    overdue(group, 3)

    assert remind_overdue(now=MONDAY) == 2

    (row,) = reminders(people["chair"])
    assert len(reminders(people["vice"])) == 1
    assert reminders(people["member"]) == []
    assert row.category == Category.GROUP_WORK
    assert row.text("en")["title"] == f"{group.name} has 3 overdue suggestions"
    assert row.text("en")["url"] == f"/en/groups/{group.slug}/queue/"


def test_it_reminds_once_per_week_however_often_it_runs(people):
    group = make_group(chair=people["chair"])
    overdue(group, 1)

    assert remind_overdue(now=MONDAY) == 1
    assert remind_overdue(now=MONDAY + timedelta(hours=1)) == 0
    assert remind_overdue(now=MONDAY + timedelta(days=6)) == 0
    assert remind_overdue(now=MONDAY + timedelta(days=7)) == 1
    assert len(reminders(people["chair"])) == 2


def test_it_reminds_nobody_about_what_is_not_yet_due(people):
    group = make_group(chair=people["chair"])
    overdue(group, 2, by=timedelta(days=-1))  # due tomorrow

    assert remind_overdue(now=MONDAY) == 0
    assert not Reminder.objects.exists()


def test_it_reminds_the_chairs_of_each_group_about_their_own(people):
    first = make_group("first", chair=people["chair"])
    second = make_group("second", chair=people["vice"])
    overdue(first, 1)
    overdue(second, 4)

    assert remind_overdue(now=MONDAY) == 2
    assert "1 overdue suggestion" in reminders(people["chair"])[0].text("en")["title"]
    assert "4 overdue suggestions" in reminders(people["vice"])[0].text("en")["title"]


def test_a_reminder_claim_is_given_once_per_key_and_period(db):
    assert reminder_claim(key="label-expiry:7", period="2026-W18") is True
    assert reminder_claim(key="label-expiry:7", period="2026-W18") is False
    assert reminder_claim(key="label-expiry:7", period="2026-W19") is True
    assert reminder_claim(key="label-expiry:8", period="2026-W18") is True
