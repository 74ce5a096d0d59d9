"""axe on the group meeting pages a member works with: the agenda, the minutes form (also with
errors) and the printable minutes; and the evaluation form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ideas.lifecycle import State
from ideas.models import AgendaItem
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in
from tests.factories import make_group
from tests.groups.meeting_helpers import group_suggestion, make_meeting
from tests.ideas.community import quick_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(reference_data):
    member = quick_user("member@example.fi")
    group = make_group(chair=member)
    meeting = make_meeting(group)
    open_one = group_suggestion(group, title="Kotihoidon iltakäynnit")
    accepted = group_suggestion(group, title="Neuvolan iltavastaanotto", state=State.ACCEPTED)
    AgendaItem.objects.create(meeting=meeting, suggestion=open_one, position=1)
    AgendaItem.objects.create(meeting=meeting, suggestion=accepted, position=2)
    group_suggestion(group, title="Terveysaseman puhelinjono")  # a candidate for the agenda
    return member, group, meeting, open_one


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_it_has_accessible_meeting_pages(page, live_server, setting, prefix):
    member, group, meeting, _ = setting
    sign_in(page, live_server, member)

    for path in (
        f"/groups/{group.slug}/meetings/",
        f"/groups/{group.slug}/meetings/new/",
        f"/groups/{group.slug}/meetings/{meeting.pk}/",
        f"/groups/{group.slug}/meetings/{meeting.pk}/minutes/",
        f"/groups/{group.slug}/meetings/{meeting.pk}/print/",
    ):
        page.goto(prefix + path)
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)


def test_it_has_accessible_minutes_with_errors_and_after_recording(page, live_server, setting):
    member, group, meeting, open_one = setting
    sign_in(page, live_server, member)
    page.goto(f"/en/groups/{group.slug}/meetings/{meeting.pk}/minutes/")
    first = page.locator(f"#item-{meeting.items.get(suggestion=open_one).pk}")

    # A decision without its reason: nothing is recorded and the item says why.
    first.get_by_label("Decision").select_option("not_advance")
    first.get_by_label("Public message").fill("Ei resursseja tänä vuonna.")
    page.get_by_role("button", name="Record the minutes").click()
    expect(page.get_by_text("The minutes were not recorded")).to_be_visible()
    assert_accessible(page)

    first.get_by_label("Reason for not taking forward").select_option(index=1)
    page.get_by_role("button", name="Record the minutes").click()
    expect(page.locator("h1")).to_contain_text("Minutes")
    expect(page.get_by_text("Ei resursseja tänä vuonna.")).to_be_visible()
    assert_accessible(page)


def test_it_has_an_accessible_evaluation_form(page, live_server, setting):
    member, _, _, open_one = setting
    sign_in(page, live_server, member)

    page.goto(f"/en/suggestions/{open_one.reference}/evaluation/")
    expect(page.get_by_role("button", name="Save evaluation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save evaluation").click()
    expect(page.get_by_text("Please correct the following:")).to_be_visible()
    assert_accessible(page)
