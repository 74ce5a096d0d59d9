"""The OpenAPI schema describes every suggestions endpoint of API.md, with its shapes."""

from __future__ import annotations

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

# API.md's paths and methods, in OpenAPI's spelling.
PROMISED = {
    "/api/v1/suggestions/": {"get", "post"},
    "/api/v1/suggestions/{reference}/": {"get"},
    "/api/v1/suggestions/similar/": {"get"},
    "/api/v1/suggestions/{reference}/support/": {"post", "delete"},
    "/api/v1/suggestions/{reference}/comments/": {"get", "post"},
    "/api/v1/suggestions/{reference}/events/": {"get"},
    "/api/v1/suggestions/{reference}/transitions/": {"post"},
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_it_lists_every_promised_path_and_method(schema):
    for route, methods in PROMISED.items():
        assert route in schema["paths"], route
        assert methods <= set(schema["paths"][route]), route


def test_it_describes_the_request_and_response_shapes(schema):
    paths, components = schema["paths"], schema["components"]["schemas"]

    def shape(operation, status):
        ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]["properties"]

    def request(operation):
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]["properties"]

    submit = paths["/api/v1/suggestions/"]["post"]
    assert {"title", "description", "kind", "area", "service_area", "stakeholder_group"} <= set(
        request(submit)
    )
    assert {"email", "benefit", "theme"} <= set(request(submit))
    assert {"reference", "tracking_token", "tracking_url"} <= set(shape(submit, "201"))

    page = shape(paths["/api/v1/suggestions/"]["get"], "200")
    assert {"count", "count_capped", "next", "previous", "results"} <= set(page)
    filters = {
        parameter["name"] for parameter in paths["/api/v1/suggestions/"]["get"]["parameters"]
    }
    assert {"area", "service_area", "kind", "state", "stakeholder_group", "challenge"} <= filters
    assert {"search", "ordering", "cursor"} <= filters

    detail = shape(paths["/api/v1/suggestions/{reference}/"]["get"], "200")
    assert {"state", "group", "supports", "timeline"} <= set(detail)
    assert {"merged_into", "solution_link", "not_advanced_reason"} <= set(detail)
    assert {"assignee", "response_due", "decision_due", "next_due"} <= set(detail)
    similar = shape(paths["/api/v1/suggestions/similar/"]["get"], "200")
    assert set(similar) == {"count", "next", "previous", "results"}
    support = paths["/api/v1/suggestions/{reference}/support/"]
    assert set(shape(support["post"], "200")) == {"supported", "supports"}
    assert set(shape(support["delete"], "200")) == {"supported", "supports"}

    transitions = paths["/api/v1/suggestions/{reference}/transitions/"]["post"]
    fields = request(transitions)
    assert {"action", "message", "note", "group", "target", "tracking_token"} <= set(fields)
    assert {"reason", "link", "expected_state"} <= set(fields)
    action = components[fields["action"]["$ref"].rsplit("/", 1)[1]]
    assert set(action["enum"]) == {
        "route",
        "transfer",
        "request_info",
        "answer_info",
        "accept",
        "start_implementation",
        "mark_deployed",
        "not_advance",
        "merge",
        "existing_solution",
        "withdraw",
    }
    assert {"400", "403", "404", "409"} <= set(transitions["responses"])


def test_it_generates_a_valid_schema_of_these_endpoints_without_warnings():
    patterns = [path("api/v1/suggestions/", include("ideas.api_urls"))]
    GENERATOR_STATS.reset()

    generated = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    validate_schema(generated)
    assert (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)) == ({}, {})
