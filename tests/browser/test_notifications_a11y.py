"""axe on the notification list, the e-mail settings and the unsubscribe page; the list works
with the keyboard and without scripts (plain POST forms)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from popsote.notifications import services, tokens
from popsote.notifications.models import Category, Notification
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def inbox(resident):
    for number in range(3):
        services.notify_users(
            users=[resident],
            category=Category.MY_SUGGESTIONS,
            kind="test",
            render=lambda number=number: {
                "title": f"Ehdotuksesi 2026-00000{number} eteni",
                "body": "Ryhmä on ottanut ehdotuksen käsittelyyn.",
                "url": "/suggestions/",
            },
        )
    return resident


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
@pytest.mark.parametrize("path", ["/notifications/", "/notifications/preferences/"])
def test_it_has_accessible_notification_pages(page, live_server, inbox, prefix, path):
    sign_in(page, live_server, inbox)

    page.goto(f"{prefix}{path}")

    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_it_has_an_accessible_unsubscribe_page(page, resident):
    token = tokens.for_user(resident.pk, [Category.FOLLOWED])

    page.goto(f"/notifications/unsubscribe/{token}/")

    assert_accessible(page)


def test_it_marks_a_notification_read_with_the_keyboard(page, live_server, inbox):
    sign_in(page, live_server, inbox)
    page.goto("/en/notifications/")
    expect(page.get_by_role("link", name="Notifications (3 unread)")).to_be_visible()

    button = page.get_by_role("button", name=re.compile(r"^Mark as read.*2026-000002 eteni$"))
    button.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("link", name="Notifications (2 unread)")).to_be_visible()
    assert Notification.objects.filter(recipient=inbox, read_at=None).count() == 2
    assert_accessible(page)
