"""/dashboard/: who may see it and of which groups, the filter form, the tables, and a query
count that does not grow with the data."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ideas.models import Suggestion
from popsote.accounts.models import User
from popsote.metrics.permissions import can_view_dashboard, dashboard_groups
from tests.factories import submit
from tests.metrics.tables import rows
from tests.metrics.world import TODAY, frozen

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/"


def get(client, world, who, params=""):
    client.logout()
    if who:
        client.force_login(User.objects.get(pk=world.people[who]))
    with frozen(TODAY):
        return client.get(f"{URL}?{params}")


@pytest.mark.parametrize("who", ["riikka", "company", "labs", "editor", "noora"])
def test_it_is_refused_to_everyone_but_coordinators_and_group_members(client, world, who):
    assert get(client, world, who).status_code == 403
    assert not can_view_dashboard(User.objects.get(pk=world.people[who]))


def test_a_signed_out_visitor_is_sent_to_sign_in(client, world):
    response = get(client, world, None)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not can_view_dashboard(AnonymousUser())


def test_a_coordinator_sees_the_county_and_may_choose_any_group(client, world):
    response = get(client, world, "coordinator", "start=2026-01&end=2026-03&group=y")
    assert response.status_code == 200
    assert dashboard_groups(User.objects.get(pk=world.people["coordinator"])) is None
    page = response.content.decode()
    assert rows(page, "funnel")["Received"] == ["2"]
    # The group chosen stays chosen, in a select labelled by its field.
    assert '<select name="group" id="id_group"' in page
    assert '<option value="y" selected>Ryhmä y</option>' in page
    # Beside each figure its files, for the same filters.
    assert 'href="/en/dashboard/funnel.csv?start=2026-01&amp;end=2026-03&amp;group=y"' in page
    assert 'href="/en/dashboard/suggestions.xlsx?start=2026-01&amp;end=2026-03&amp;group=y"' in page


def test_a_member_sees_their_own_group_and_cannot_choose_another(client, world):
    own = get(client, world, "handler_x", "start=2026-01&end=2026-03")
    assert own.status_code == 200
    assert rows(own.content.decode(), "funnel")["Received"] == ["3"]
    assert "Labs applications by state" not in own.content.decode()

    other = get(client, world, "handler_x", "start=2026-01&end=2026-03&group=y")
    page = other.content.decode()
    assert other.status_code == 400
    assert "You can see the figures of your own groups only" in page
    # The figures are still their own group's.
    assert rows(page, "funnel")["Received"] == ["3"]


def test_a_comparison_adds_the_previous_period_in_a_column(client, world):
    page = get(client, world, "coordinator", "start=2026-02&end=2026-03&compare=on")
    text = page.content.decode()
    assert "Suggestions, previous period</th>" in text
    assert "Compared with December 2025 – January 2026." in text


def test_bad_filters_are_summarised_and_the_rest_still_shows(client, world):
    response = get(client, world, "coordinator", "start=2026-99&area=nowhere")
    text = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in text
    assert "Give a month as year and month" in text and "Choose one of the list." in text
    assert "Suggestions by stakeholder group" in text


def test_the_nav_links_the_dashboard_for_coordinators(client, world):
    assert 'href="/en/dashboard/"' in get(client, world, "coordinator").content.decode()


@pytest.mark.parametrize("who", ["coordinator", "handler_x"])
def test_the_query_count_does_not_grow_with_the_data(
    client, world, who, django_assert_num_queries, no_indexing
):
    client.force_login(User.objects.get(pk=world.people[who]))
    with frozen(TODAY):
        client.get(URL)  # sessions, roles and the like settle
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as first:
            client.get(URL)
        for area in ("oulu", "lakeus", "oulu"):
            submit(area=area, stakeholder_group="company")
        more = Suggestion.objects.count()
        with django_assert_num_queries(len(first.captured_queries)):
            assert client.get(f"{URL}?compare=on").status_code == 200
    assert more >= 7
