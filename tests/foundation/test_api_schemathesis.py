"""The whole API against its own OpenAPI schema, by schemathesis: every operation, signed out
and signed in, with generated valid and invalid input.

Each answer must be no server error, a status the schema lists for the operation, of the
content type and shape the schema gives for that status, with the headers it promises; an
invalid request must be refused. The requests go straight into the Django application
(WSGI, no server) inside each test's transaction, so what a POST creates is rolled back.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode, checks
from schemathesis.core.parameters import ParameterLocation

from ideas.lifecycle import State
from ideas.models import Suggestion
from popsote.notifications.models import Category
from popsote.notifications.services import notify_users
from tests.factories import make_group
from tests.ideas.community import make_comment, make_suggestion

pytestmark = pytest.mark.django_db

# Hypothesis keeps caches in ``.hypothesis/`` of the working directory unless told otherwise.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "popsote-hypothesis")

# Bounded so that the module stays within a couple of minutes on a small, busy machine: about
# 750 requests in all, some 40 seconds on two shared cores.
EXAMPLES = 25
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the working tree
    derandomize=True,  # the same cases on every run: a failure here is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _served_schema() -> dict:
    """What ``/api/v1/schema/`` serves, generated as that view generates it."""
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_served_schema())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def in_this_tests_transaction(settings):
    """Requests reach the application as they would behind the proxy, and run in the test's
    transaction: as Django's test client does, the start and end of a request must not close
    the connection that holds it."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(make_user, no_indexing):
    """A handler group with a member, suggestions in a few states (one merged, one commented),
    and a notification for the member: enough for every operation to answer with data."""
    member = make_user("member@example.fi", stakeholder="professional", name="Maija Member")
    group = make_group("oulu", name="Oulun ikäihmiset", members=[member])
    resident = make_user("resident@example.fi", name="Riikka Resident")
    suggestions = [
        make_suggestion(submitter=resident, state=State.RECEIVED),
        make_suggestion(state=State.IN_PROCESSING),
        make_suggestion(state=State.MERGED),
    ]
    Suggestion.objects.filter(pk__in=[s.pk for s in suggestions[:2]]).update(group=group)
    make_comment(suggestions[0], resident)
    notify_users(
        users=[member],
        category=Category.MY_SUGGESTIONS,
        kind="test",
        render=lambda: {"title": "Ehdotus eteni", "body": "Runko", "url": "/suggestions/"},
    )
    return {
        "token": Token.objects.create(user=member).key,
        "reference": [s.reference for s in suggestions],
        "slug": [group.slug],
        "notification_id": list(member.notifications.values_list("pk", flat=True)),
    }


def _aim_at_data(case, data, world) -> None:
    """Half of the cases name a suggestion, group or notification that exists: generated
    identifiers alone would almost never find one, and every answer would be a 404. A path
    made invalid on purpose stays as it is."""
    path = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if path is None or path.mode != GenerationMode.POSITIVE:
        return
    for name in list(case.path_parameters or {}):
        known = world.get(name)
        if known and data.draw(st.booleans(), label=f"existing {name}"):
            case.path_parameters[name] = data.draw(st.sampled_from(known), label=name)


# Every check that judges one answer by the schema. ``positive_data_acceptance`` is left
# out: a schema-valid code or reference that names nothing (``"kind": "x"``) is rightly a 400,
# and which codes exist is data, not schema.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
    checks.missing_required_header,
    checks.unsupported_method,
    checks.ignored_auth,
]


def _check(case, headers=None) -> None:
    case.call_and_validate(headers=headers, checks=CHECKS)


@schema.parametrize()
@schema.given(data=st.data())
@HYPOTHESIS
def test_every_operation_keeps_to_the_schema_signed_out(case, data, world):
    _aim_at_data(case, data, world)
    _check(case)


@schema.parametrize()
@schema.given(data=st.data())
@HYPOTHESIS
def test_every_operation_keeps_to_the_schema_with_a_members_token(case, data, world):
    _aim_at_data(case, data, world)
    _check(case, headers={"Authorization": f"Token {world['token']}"})


def test_it_checks_the_schema_the_site_serves(client):
    served = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert served == schema.raw_schema
