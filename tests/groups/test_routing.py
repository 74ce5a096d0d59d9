"""Routing at submission: the most specific active group gets a new suggestion; no match, a
tie or feedback on co-development goes to the coordinators' triage. Either way the routing is
an event on the timeline."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.lifecycle import Action, State
from ideas.models import SuggestionEvent
from processing_groups.routing import RoutingFacts, group_for
from tests.factories import make_group, submit
from tests.ideas.test_api_helpers import api, url

pytestmark = pytest.mark.django_db


def routed_to(suggestion):
    suggestion.refresh_from_db()
    return suggestion.group.slug if suggestion.group_id else None


def test_it_sends_a_suggestion_to_the_most_specific_matching_group():
    make_group("oulu", areas=["oulu"])
    make_group("oulu-older", areas=["oulu"], service_areas=["older-people"])
    make_group("everything")

    suggestion = submit(area="oulu", service_area="older-people").suggestion

    assert routed_to(suggestion) == "oulu-older"
    assert suggestion.state == State.IN_PROCESSING


def test_it_sends_to_the_less_specific_group_what_the_more_specific_one_does_not_cover():
    make_group("oulu", areas=["oulu"])
    make_group("oulu-older", areas=["oulu"], service_areas=["older-people"])

    suggestion = submit(area="oulu", service_area="disability").suggestion

    assert routed_to(suggestion) == "oulu"


def test_it_leaves_a_tie_to_the_coordinators():
    make_group("oulu-a", areas=["oulu"])
    make_group("oulu-b", service_areas=["older-people"])

    suggestion = submit(area="oulu", service_area="older-people").suggestion

    assert routed_to(suggestion) is None
    assert suggestion.in_triage


def test_it_leaves_a_suggestion_no_group_covers_to_the_coordinators():
    make_group("lakeus", areas=["lakeus"])
    make_group("oulu-disability", areas=["oulu"], service_areas=["disability"])

    suggestion = submit(area="oulu", service_area="older-people").suggestion

    assert routed_to(suggestion) is None
    assert (suggestion.state, suggestion.in_triage) == (State.RECEIVED, True)
    assert (suggestion.response_due_at, suggestion.due_at) == (None, None)


def test_it_sends_feedback_on_co_development_to_the_coordinators_whatever_the_groups_cover():
    make_group("everything")
    make_group("feedback", kinds=["feedback"])

    suggestion = submit(kind="feedback").suggestion

    assert routed_to(suggestion) is None
    assert suggestion.in_triage


def test_it_ignores_retired_groups():
    make_group("oulu", areas=["oulu"])
    make_group("oulu-older", areas=["oulu"], service_areas=["older-people"], is_active=False)

    suggestion = submit(area="oulu", service_area="older-people").suggestion

    assert routed_to(suggestion) == "oulu"


def test_it_routes_nowhere_when_the_only_matching_group_is_retired():
    make_group("oulu", areas=["oulu"], is_active=False)

    assert submit(area="oulu").suggestion.in_triage


@pytest.mark.parametrize("area", ["oulu", "lakeus", "koillismaa", "whole-county"])
def test_it_lets_a_whole_county_group_cover_every_area(area):
    make_group("county-disability", areas=["whole-county"], service_areas=["disability"])

    suggestion = submit(area=area, service_area="disability").suggestion

    assert routed_to(suggestion) == "county-disability"


def test_it_prefers_a_regional_group_to_a_whole_county_one_on_the_same_service_area():
    # "Whole county" is no more specific than "any area": the regional group lists one more.
    make_group("county-disability", areas=["whole-county"], service_areas=["disability"])
    make_group("oulu-disability", areas=["oulu"], service_areas=["disability"])

    in_oulu = submit(area="oulu", service_area="disability").suggestion
    in_lakeus = submit(area="lakeus", service_area="disability").suggestion

    assert routed_to(in_oulu) == "oulu-disability"
    assert routed_to(in_lakeus) == "county-disability"


def test_it_counts_a_whole_county_area_list_like_an_empty_one_in_a_tie():
    make_group("county-disability", areas=["whole-county"], service_areas=["disability"])
    make_group("any-disability", service_areas=["disability"])

    assert submit(area="oulu", service_area="disability").suggestion.in_triage


def test_it_does_not_let_a_regional_group_take_a_suggestion_about_the_whole_county():
    make_group("oulu", areas=["oulu"])

    assert submit(area="whole-county").suggestion.in_triage


def test_it_matches_stakeholder_groups_and_kinds_too():
    make_group("companies", stakeholder_groups=["company"], kinds=["collaboration", "invention"])
    make_group("everything")

    company = submit(stakeholder_group="company", kind="invention").suggestion
    resident = submit(stakeholder_group="resident", kind="invention").suggestion

    assert routed_to(company) == "companies"
    assert routed_to(resident) == "everything"


def test_it_records_the_routing_as_a_public_event_with_the_targets_of_the_group():
    make_group("oulu", areas=["oulu"], first_response_days=7, decision_days=30)

    suggestion = submit(area="oulu").suggestion
    suggestion.refresh_from_db()

    submitted, routing = suggestion.events.order_by("pk")
    assert submitted.action == Action.SUBMIT
    assert (routing.action, routing.actor, routing.from_state, routing.to_state) == (
        Action.ROUTE,
        None,
        State.RECEIVED,
        State.IN_PROCESSING,
    )
    assert (routing.is_public, routing.data) == (True, {"group": "oulu"})
    assert (suggestion.response_due_at - suggestion.created_at).days == 7
    assert (suggestion.decision_due_at - suggestion.created_at).days == 30
    # Nobody has answered yet: the first-response target is the next one.
    assert suggestion.due_at == suggestion.response_due_at
    assert suggestion.first_response_at is None


def test_it_records_the_wait_for_triage_as_an_event():
    suggestion = submit(area="oulu").suggestion

    triage = suggestion.events.get(action=Action.TRIAGE)
    assert (triage.actor, triage.from_state, triage.to_state) == (
        None,
        State.RECEIVED,
        State.RECEIVED,
    )
    assert not SuggestionEvent.objects.filter(suggestion=suggestion, action=Action.ROUTE).exists()


def test_it_shows_the_routing_on_the_public_timeline_of_the_api():
    make_group("oulu", areas=["oulu"])
    created = api().post(
        url("list"),
        {
            "title": "Iltakäynnit",
            "description": "Kotihoito ei ehdi.",
            "kind": "need",
            "area": "oulu",
            "service_area": "older-people",
            "stakeholder_group": "resident",
        },
        format="json",
    )

    assert created.status_code == 201
    assert created.json()["state"] == State.IN_PROCESSING
    body = api().get(url("detail", created.json()["reference"])).json()
    assert (body["state"], body["group"]) == (State.IN_PROCESSING, "oulu")
    assert [event["action"] for event in body["timeline"]] == ["submit", "route"]


def test_it_reads_the_groups_in_the_same_number_of_queries_however_many_there_are():
    suggestion = submit(area="oulu").suggestion
    facts = RoutingFacts.of(suggestion)
    for number in range(3):
        make_group(f"few-{number}", areas=["lakeus"], service_areas=["disability"])
    with CaptureQueriesContext(connection) as few:
        assert group_for(facts) is None
    for number in range(30):
        make_group(f"many-{number}", areas=["lakeus"], service_areas=["disability"])

    with CaptureQueriesContext(connection) as many:
        assert group_for(facts) is None

    assert len(many.captured_queries) == len(few.captured_queries)
