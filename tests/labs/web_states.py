"""One application of company A in each state, with the people of every role, built once per
test module (bringing an application to "evaluated" runs the whole process through the
services). Each test runs in a savepoint of the module's transaction, so that a test may change
the rows without the next one seeing it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from labs import services
from labs.lifecycle import State
from labs.models import Application
from popsote.accounts import roles
from tests.labs import factories

# A one-pixel PNG: the uploads module decodes and encodes it again.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)

STATES = [
    State.DRAFT,
    State.SUBMITTED,
    State.SCREENING,
    State.ACCEPTED,
    State.TEST_PLANNED,
    State.TESTING,
    State.REPORTING,
    State.EVALUATED,
    State.LABEL_GRANTED,
    State.WITHDRAWN,
]


@dataclass
class World:
    people: dict
    company_a: object
    company_b: object
    applications: dict = field(default_factory=dict)
    shared: Application | None = None  # evaluated, the draft evaluation shared with the company


def png(name: str = "scan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def build_world() -> World:
    people = {
        "company_a": factories.make_user("rep-a"),
        "company_b": factories.make_user("rep-b"),
        "resident": factories.make_user("resident"),
        "coordinator": factories.make_user("coordinator", role=roles.COORDINATOR),
        "labs_staff": factories.make_user("labs", role=roles.LABS_STAFF),
    }
    evaluators = [factories.make_user("evaluator", role=roles.LABS_STAFF) for _ in range(2)]
    company_a = factories.make_company("Terveys Oy", representatives=[people["company_a"]])
    company_b = factories.make_company("Kilpailija Oy", representatives=[people["company_b"]])
    world = World(people, company_a, company_b)
    for state in STATES:
        application = factories.make_application(company_a, people["company_a"])
        services.application_save(
            actor=people["company_a"],
            application=application,
            data={},
            attachments=[png()],
        )
        factories.advance(
            application,
            state,
            company_user=people["company_a"],
            staff=people["labs_staff"],
            evaluators=evaluators,
        )
        application.refresh_from_db()
        world.applications[state] = application
    shared = factories.make_application(company_a, people["company_a"])
    services.application_save(
        actor=people["company_a"], application=shared, data={}, attachments=[png()]
    )
    factories.advance(
        shared,
        State.EVALUATED,
        company_user=people["company_a"],
        staff=people["labs_staff"],
        evaluators=evaluators,
        share=True,
    )
    shared.refresh_from_db()
    world.shared = shared
    return world


def world_fixture():
    """A module-scoped fixture of ``build_world()`` for a test module to bind to a name."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("labs-media"))
        with django_db_blocker.unblock(), media:
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield build_world()
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return world
