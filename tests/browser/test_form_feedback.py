"""A handler's forms answer where the handler is looking: a refused decision opens at its error
summary, with the focus on it; an action in a long list returns to its row; the minutes show
each item only the fields its decision needs; fields with errors are outlined in red. And no
page trips the Content Security Policy (the page fixture fails the test on any report)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideas.models import AgendaItem, Suggestion
from tests.browser.accessibility import assert_accessible
from tests.browser.test_meetings_a11y import sign_in
from tests.factories import make_group
from tests.groups.meeting_helpers import group_suggestion, make_meeting
from tests.ideas.community import quick_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_indexing"),
]

DANGER = "rgb(164, 22, 26)"  # --danger in popsote.css


@pytest.fixture
def work(reference_data):
    """A chair and a queue long enough that its last rows sit far below the fold."""
    chair = quick_user("chair@example.fi")
    group = make_group(chair=chair)
    now = timezone.now()
    rows = []
    for number in range(12):
        suggestion = group_suggestion(group, title=f"Kotihoidon iltakäynnit {number}")
        # Oldest first in the queue: the row made first comes first.
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created_at=now - timedelta(days=30 - number)
        )
        rows.append(suggestion)
    return {"chair": chair, "group": group, "rows": rows}


# --- Error summary ----------------------------------------------------------------------------


@pytest.mark.parametrize("scripts", [True, False], ids=["with-scripts", "without-scripts"])
def test_it_opens_a_refused_decision_at_its_error_summary(browser, live_server, work, scripts):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=scripts,
        viewport={"width": 375, "height": 667},
    )
    page = context.new_page()
    sign_in(page, live_server, work["chair"])
    suggestion = work["rows"][0]
    page.goto(f"/en/suggestions/{suggestion.reference}/")

    # A decision without the public message it needs.
    page.select_option("#handle_action", "accept")
    page.locator(".handling-form button[type=submit]").click()

    summary = page.locator("#handling-errors")
    expect(summary).to_contain_text("A decision needs a public message")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    # Its link takes the keyboard to the field.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#handle_message")).to_be_focused()
    context.close()


# --- Back to the row --------------------------------------------------------------------------


def test_it_returns_to_the_row_after_an_assignment_in_a_long_queue(page, live_server, work):
    sign_in(page, live_server, work["chair"])
    page.goto(f"/en/groups/{work['group'].slug}/queue/")
    last = work["rows"][-1]
    row = page.locator(f"#row-{last.pk}")
    expect(row).not_to_be_in_viewport()

    row.get_by_label(f"Assign {last.reference} to").select_option(str(work["chair"].pk))
    row.get_by_role("button", name="Assign").click()

    page.wait_for_url(f"**/queue/#row-{last.pk}")
    expect(page.locator(f"#row-{last.pk}")).to_be_in_viewport()
    expect(page.locator(f"#row-{last.pk}")).to_contain_text("chair@example.fi")
    assert page.evaluate("() => window.scrollY") > 0


def test_it_returns_to_the_agenda_item_that_moved(page, live_server, work):
    meeting = make_meeting(work["group"])
    items = [
        AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=position)
        for position, suggestion in enumerate(work["rows"], start=1)
    ]
    sign_in(page, live_server, work["chair"])
    page.goto(f"/en/groups/{work['group'].slug}/meetings/{meeting.pk}/")

    moved = items[9]
    page.locator(f"#agenda-item-{moved.pk}").get_by_role("button", name="Move up").click()

    page.wait_for_url(f"**/meetings/{meeting.pk}/#agenda-item-{moved.pk}")
    expect(page.locator(f"#agenda-item-{moved.pk}")).to_be_in_viewport()
    expect(page.locator(".agenda__item").nth(8)).to_have_id(f"agenda-item-{moved.pk}")


# --- The minutes ------------------------------------------------------------------------------


def test_it_shows_each_minutes_item_only_the_fields_its_decision_needs(page, live_server, work):
    meeting = make_meeting(work["group"])
    first, second = (
        AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=position)
        for position, suggestion in enumerate(work["rows"][:2], start=1)
    )
    sign_in(page, live_server, work["chair"])
    page.goto(f"/en/groups/{work['group'].slug}/meetings/{meeting.pk}/minutes/")
    one, two = page.locator(f"#item-{first.pk}"), page.locator(f"#item-{second.pk}")

    for item in (one, two):
        expect(item.get_by_label("Public message")).to_be_visible()
        expect(item.get_by_label("Reason for not taking forward")).to_be_hidden()
        expect(item.get_by_label("Merge into (reference)")).to_be_hidden()
        expect(item.get_by_label("Link to the existing solution")).to_be_hidden()

    one.get_by_label("Decision").select_option("not_advance")
    expect(one.get_by_label("Reason for not taking forward")).to_be_visible()
    expect(two.get_by_label("Reason for not taking forward")).to_be_hidden()
    two.get_by_label("Decision").select_option("merge")
    expect(two.get_by_label("Merge into (reference)")).to_be_visible()
    expect(one.get_by_label("Merge into (reference)")).to_be_hidden()
    assert_accessible(page)

    # Refused (no reason): the page opens at the summary, the field with the error shown.
    one.get_by_label("Decision").select_option("accept")
    one.get_by_label("Public message").fill("Otetaan kehitykseen.")
    two.get_by_label("Decision").select_option("not_advance")
    two.get_by_label("Public message").fill("Ei nyt.")
    page.get_by_role("button", name="Record the minutes").click()
    # The answer is a new page: wait for it, then for the summary to hold the focus.
    expect(page.locator("#minutes-errors")).to_be_focused()
    expect(two.get_by_label("Reason for not taking forward")).to_be_visible()


# --- Errors in red ----------------------------------------------------------------------------


def test_it_outlines_text_and_email_fields_with_errors_in_red(page):
    page.goto("/en/suggestions/new/")
    form = page.locator("form.submit-form")
    form.get_by_label("Your e-mail").fill("not an address")
    form.get_by_role("button", name="Send the suggestion").click()

    for selector in (".field--error input[type=text]", ".field--error input[type=email]"):
        field = page.locator(selector).first
        expect(field).to_be_visible()
        assert field.evaluate("el => getComputedStyle(el).borderTopColor") == DANGER
    untouched = page.locator(".field:not(.field--error) textarea").first
    assert untouched.evaluate("el => getComputedStyle(el).borderTopColor") != DANGER


# --- The Content Security Policy --------------------------------------------------------------


def test_it_trips_no_content_security_policy_on_any_page(page, live_server, work):
    """htmx would add its indicator styles as an inline <style>, which the policy refuses with a
    report on every page: the base template turns that off and the site's CSS styles them."""
    meeting = make_meeting(work["group"])
    AgendaItem.objects.create(meeting=meeting, suggestion=work["rows"][0], position=1)
    sign_in(page, live_server, work["chair"])
    group = work["group"].slug
    for path in (
        "/",
        "/suggestions/",
        f"/suggestions/{work['rows'][0].reference}/",
        "/suggestions/new/",
        "/challenges/",
        "/groups/",
        f"/groups/{group}/",
        f"/groups/{group}/queue/",
        f"/groups/{group}/meetings/",
        f"/groups/{group}/meetings/{meeting.pk}/",
        f"/groups/{group}/meetings/{meeting.pk}/minutes/",
        "/notifications/",
        "/accounts/profile/",
        "/no-such-page/",
    ):
        page.goto(path)
        assert page.locator("style").count() == 0, f"an inline style on {path}"
        visibility = page.evaluate(
            """() => {
              const el = document.createElement("span");
              el.className = "htmx-indicator";
              document.body.append(el);
              return getComputedStyle(el).visibility;
            }"""
        )
        assert visibility == "hidden", f"htmx indicators show on {path}"
