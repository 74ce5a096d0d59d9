"""The OpenAPI schema describes every published suggestions endpoint, with its shapes, and
says the truth about what the API answers (``tests/foundation/test_api_schemathesis.py``
checks the answers themselves against it)."""

from __future__ import annotations

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from ideas.lifecycle import State

pytestmark = pytest.mark.django_db

# The published paths and methods, in OpenAPI's spelling.
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


def component(schema, reference: dict) -> dict:
    return schema["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]]


def operations(schema):
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {route}", operation


def test_it_says_a_suggestion_that_was_not_merged_has_no_merge_address(schema):
    detail = schema["components"]["schemas"]["SuggestionDetail"]["properties"]

    assert detail["merged_into_url"] == {
        "type": "string",
        "format": "uri",
        "nullable": True,
        "readOnly": True,
        "description": detail["merged_into_url"]["description"],
    }


def test_it_offers_the_lifecycle_states_for_the_expected_state(schema):
    fields = schema["components"]["schemas"]["TransitionInputRequest"]["properties"]

    choices = [component(schema, option) for option in fields["expected_state"]["oneOf"]]

    assert [option["enum"] for option in choices] == [list(State.values), [""]]
    assert choices[0] == component(schema, {"$ref": "#/components/schemas/StateEnum"})


def test_it_asks_for_at_least_one_character_in_a_required_text(schema):
    components = schema["components"]["schemas"]
    submit = components["SuggestionSubmitRequest"]["properties"]
    similar = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/suggestions/similar/"]["get"]["parameters"]
    }

    assert submit["title"]["minLength"] == submit["description"]["minLength"] == 1
    assert "minLength" not in submit["benefit"]  # optional: may be left empty
    assert submit["kind"]["minLength"] == 1
    assert "minLength" not in submit["challenge"]  # empty reads as null, which it takes
    assert components["CommentInputRequest"]["properties"]["body"]["minLength"] == 1
    assert similar["text"]["minLength"] == 1
    # What the API answers is described apart, without the input's rules.
    assert "minLength" not in components["SuggestionDetail"]["properties"]["solution_link"]


def test_it_describes_the_error_body_as_the_error_handler_writes_it(schema):
    error = schema["components"]["schemas"]["Error"]

    assert set(error["required"]) == {"detail", "code"}
    assert error["properties"]["fields"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "string"},
    }


def test_it_declares_the_errors_each_operation_can_answer(schema):
    def errors(name):
        method, route = name.split(" ")
        return {
            code: answer
            for code, answer in schema["paths"][route][method.lower()]["responses"].items()
            if code >= "400"
        }

    for name, operation in operations(schema):
        # The web server refuses a too long address before the application, without a body.
        assert "content" not in operation["responses"]["414"], name
        for code, answer in errors(name).items():
            if code != "414":
                assert answer["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, (name, code)

    assert set(errors("GET /api/v1/taxonomy/")) == {"414"}
    assert set(errors("GET /api/v1/suggestions/")) == {"400", "401", "414"}
    assert set(errors("POST /api/v1/suggestions/")) == {"400", "401", "403", "414", "415", "429"}
    assert set(errors("GET /api/v1/suggestions/{reference}/")) == {"401", "404", "414"}
    assert set(errors("GET /api/v1/notifications/")) == {"400", "401", "404", "414"}
    assert set(errors("POST /api/v1/notifications/read-all/")) == {"401", "403", "414"}
    assert set(errors("GET /api/v1/groups/")) == {"400", "401", "404", "414"}
    assert set(errors("POST /api/v1/suggestions/{reference}/transitions/")) == {
        "400",
        "401",
        "403",
        "404",
        "409",
        "414",
        "415",
    }


def test_it_numbers_pages_from_one(schema):
    pages = [
        (name, parameter["schema"])
        for name, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "page"
    ]

    # groups, a queue, notifications, comments, events; Labs environments, applications,
    # labels; the showroom's solutions
    assert len(pages) == 9
    assert all(page == {"type": "integer", "minimum": 1} for _name, page in pages), pages


def test_it_generates_a_valid_schema_of_the_whole_api_without_warnings():
    GENERATOR_STATS.reset()

    generated = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(generated)
    assert (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)) == ({}, {})
