"""Every figure of the dashboard against the world of ``tests.metrics.world``, worked out by
hand from its story, for the county and for each group."""

import pytest
from django.http import QueryDict

from popsote.accounts.models import User
from popsote.metrics.registry import METRICS
from popsote.metrics.selectors import Choices, Filters, dashboard
from tests.metrics.world import TODAY, frozen

pytestmark = pytest.mark.django_db

PERIOD = "start=2026-01&end=2026-03"


def figures(world, who="coordinator", params=PERIOD):
    user = User.objects.get(pk=world.people[who])
    with frozen(TODAY):
        choices = Choices.for_user(user)
        filters = Filters.from_params(QueryDict(params), choices=choices)
        assert not filters.errors
        return {f.code: f for f in dashboard(filters, user=user, choices=choices)}


def table(figure):
    return {row[0]: row[1] if len(row) == 2 else row[1:] for row in figure.rows}


def test_it_counts_suggestions_by_the_values_they_were_submitted_with(world):
    found = figures(world)

    assert table(found["suggestions_by_stakeholder_group"]) == {
        "Resident": 2,
        "Professional (staff)": 0,
        "Company": 0,
        "NGO or association": 0,
        "Research and education": 0,
        "Student": 1,
        "Other": 1,
    }
    by_area = table(found["suggestions_by_area"])
    assert by_area["Oulu"] == 3 and by_area["Lakeus"] == 1 and sum(by_area.values()) == 4
    assert sum(table(found["suggestions_by_kind"]).values()) == 4
    assert table(found["suggestions_by_month"]) == {
        "January 2026": 3,
        "February 2026": 0,
        "March 2026": 1,
    }
    assert found["suggestions_by_stakeholder_group"].takeaway == (
        "Resident had the most suggestions: 2 of 4 (50 %)."
    )


def test_the_funnel_and_the_other_outcomes(world):
    found = figures(world)

    assert table(found["funnel"]) == {
        "Received": 4,
        "Processed (first response given)": 3,
        "Accepted for development": 1,
        "Implementation started": 1,
        "Deployed": 1,
    }
    outcomes = table(found["outcomes"])
    assert outcomes["Not taken forward"] == 1 and outcomes["Withdrawn by the submitter"] == 1
    assert outcomes["Merged"] == 0 and outcomes["Answered by an existing solution"] == 0


def test_states_at_the_end_of_the_period_and_of_an_earlier_one(world):
    states = table(figures(world)["suggestions_by_state"])
    assert {k: v for k, v in states.items() if v} == {
        "In processing": 1,
        "Deployed": 1,
        "Not taken forward": 1,
        "Withdrawn": 1,
    }
    january = table(figures(world, params="start=2026-01&end=2026-01")["suggestions_by_state"])
    # s1 waits for Riikka's answer, s2 is with Y unanswered, s3 with Y.
    assert {k: v for k, v in january.items() if v} == {
        "Information requested": 1,
        "In processing": 2,
    }


def test_days_to_first_response_and_to_decision_against_the_targets(world):
    found = figures(world)

    # First responses after 2 (s1), 26 (s2) and 51 (s3) days; the target is 7 days.
    county = table(found["first_response_days"])["Whole county"]
    assert county == (3, 26, 51, "–", 33)
    assert table(found["first_response_days"])["Ryhmä x"] == (1, 2, 2, 7, 100)
    assert table(found["first_response_days"])["Ryhmä y"] == (2, 26, 51, 7, 0)
    # Decisions after 26 (accepted, within 30) and 51 days.
    assert table(found["decision_days"])["Ryhmä y"] == (2, 26, 51, 30, 50)
    assert "Ryhmä x" not in table(found["decision_days"])


def test_unique_participants_by_the_stakeholder_group_they_had_then(world):
    people = table(figures(world)["participants"])

    # Riikka; Noora as a professional (support and comment in January) and as a resident
    # (her comment in February); the student by address; the person without one by their
    # suggestion. Four people in all.
    assert people["Resident"] == 2
    assert people["Professional (staff)"] == 1
    assert people["Student"] == 1 and people["Other"] == 1
    assert people["Everyone"] == 4
    assert METRICS["participants"].people


def test_a_group_sees_what_came_to_it_counted_under_the_group_that_had_it(world):
    x, y = figures(world, "handler_x"), figures(world, "handler_y")

    # s2 was routed to X and transferred to Y: its routing counts under X, its arrival at Y
    # under Y, and its acceptance under Y.
    assert table(x["funnel"])["Received"] == 3  # s1, s2, s4
    assert table(y["funnel"])["Received"] == 2  # s3 and s2 transferred
    assert table(x["funnel"])["Accepted for development"] == 0
    assert table(y["funnel"])["Deployed"] == 1
    assert {k: v for k, v in table(x["suggestions_by_state"]).items() if v} == {
        "In processing": 1,
        "Withdrawn": 1,
    }
    assert {k: v for k, v in table(y["suggestions_by_state"]).items() if v} == {
        "Deployed": 1,
        "Not taken forward": 1,
    }
    # Labs and the showroom are not a group's.
    assert "labs_applications" not in x and "showroom" not in x
    assert "labs_applications" in figures(world) and "showroom" in figures(world)


def test_filters_area_and_stakeholder_group(world):
    lakeus = figures(world, params=f"{PERIOD}&area=lakeus")
    assert table(lakeus["funnel"])["Received"] == 1
    students = figures(world, params=f"{PERIOD}&stakeholder_group=student")
    assert table(students["funnel"])["Received"] == 1
    assert table(students["funnel"])["Deployed"] == 1


def test_the_previous_period_is_the_same_length_just_before(world):
    march = figures(world, params="start=2026-03&end=2026-03&compare=on")

    assert table(march["funnel"])["Received"] == 1
    assert dict(march["funnel"].previous)["Received"] == 0  # February
    two = Filters.from_params(QueryDict("start=2026-02&end=2026-03"))
    assert (two.previous().start.isoformat(), two.previous().end.isoformat()) == (
        "2025-12-01",
        "2026-01-01",
    )
    feb_mar = figures(world, params="start=2026-02&end=2026-03&compare=on")
    assert dict(feb_mar["funnel"].previous)["Received"] == 3


def test_bad_filters_are_named_and_the_defaults_kept():
    filters = Filters.from_params(QueryDict("start=2026-13&end=2025-01&compare=yes"))
    assert set(filters.errors) == {"start"}
    with frozen(TODAY):
        default = Filters.default()
        wrong = Filters.from_params(QueryDict("start=x&end=y"))
    assert (wrong.start, wrong.end) == (default.start, default.end)
    assert set(wrong.errors) == {"start", "end"}
    assert default.months == 13 and default.end.isoformat() == "2026-03-01"
    assert filters.compare


def test_every_figure_is_a_metric_of_the_registry_in_its_order(world):
    codes = list(figures(world))
    assert codes == [code for code in METRICS if code in codes]
    assert set(codes) == set(METRICS)
