"""One Labs world for a test module: people in every role and company A's applications in
every state, built once through the real services and rolled back after the module."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from labs import services
from labs.lifecycle import State
from labs.models import Application
from popsote.accounts import roles
from processing_groups.models import HandlerGroup, Membership
from tests.labs import factories

# The states of the matrices; ``evaluated_replied``: evaluated, the evaluation shared and the
# company's reply given, so that the decision is open.
EVALUATED_REPLIED = "evaluated_replied"
STATES = [*State.values[:9], EVALUATED_REPLIED, *State.values[9:]]
ROLES = ["anonymous", "company_a", "company_b", "resident", "handler", "coordinator", "labs_staff"]


@dataclass
class World:
    people: dict
    companies: dict
    applications: dict[str, Application] = field(default_factory=dict)
    environment: object = None

    def user(self, role: str):
        return self.people[role]


def build_world() -> World:
    rep_a = factories.make_user("company-a")
    rep_b = factories.make_user("company-b")
    staff = factories.make_user("labs", role=roles.LABS_STAFF)
    handler = factories.make_user("handler")
    group = HandlerGroup.objects.create(name="Oulun ikäihmiset", slug="oulu-labs", type="regional")
    Membership.objects.create(group=group, user=handler)
    people = {
        "anonymous": None,
        "company_a": rep_a,
        "company_b": rep_b,
        "resident": factories.make_user("resident"),
        "handler": handler,
        "coordinator": factories.make_user("coordinator", role=roles.COORDINATOR),
        "labs_staff": staff,
    }
    company_a = factories.make_company("Alfa Health Oy", representatives=[rep_a])
    company_b = factories.make_company("Beta Care Oy", representatives=[rep_b])
    environment = factories.make_environment()
    world = World(
        people=people, companies={"a": company_a, "b": company_b}, environment=environment
    )
    evaluators = [staff, factories.make_user("evaluator", role=roles.LABS_STAFF)]
    for state in STATES:
        application = factories.make_application(
            company_a, rep_a, environment=environment, product_name=f"Tuote {state}"
        )
        target = State.EVALUATED if state == EVALUATED_REPLIED else state
        factories.advance(
            application,
            target,
            company_user=rep_a,
            staff=staff,
            evaluators=evaluators,
            reply=state == EVALUATED_REPLIED,
        )
        world.applications[state] = application
    # What the next move of each state needs, so that a permitted move succeeds.
    services.screening_save(
        actor=staff, application=world.applications[State.SCREENING], data={"summary": "Fits"}
    )
    services.test_plan_save(
        actor=staff,
        application=world.applications[State.ACCEPTED],
        data={"methods": "Interviews"},
        criteria=[{"description": "Nurses use it daily", "measure": "80 %"}],
    )
    reporting = world.applications[State.REPORTING]
    services.test_report_save(
        actor=staff, application=reporting, data={"what_was_done": "Six weeks on ward 1."}
    )
    for evaluator in evaluators:
        factories.evaluate_as(evaluator, reporting)
    return world


def module_world(django_db_blocker):
    """A generator for a module-scoped fixture: the world in a transaction that is rolled back
    after the module's last test; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
