"""Builders of Labs test data: companies, environments and applications brought to any state
through the real services, so that every event, check and notification runs as in use."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth.models import Group

from labs import services
from labs.lifecycle import MAIN_LINE, Action, State
from labs.models import (
    Application,
    Company,
    EvaluationCriterion,
    Provenance,
    Representative,
    TestEnvironment,
)
from popsote.accounts import roles
from popsote.accounts.models import User
from popsote.taxonomy.models import Area, ServiceArea

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
# Numbers far above any issued so far (they are near 3 400 000), like the demo's: a test's
# company is never a real one.
_numbers = itertools.count(9_100_001)
_users = itertools.count(1)


def business_id(number: int | None = None) -> str:
    """A valid Finnish business ID (Y-tunnus), the next free one unless ``number`` is given."""
    while True:
        base = f"{number if number is not None else next(_numbers):07d}"
        remainder = sum(int(d) * w for d, w in zip(base, WEIGHTS, strict=True)) % 11
        if remainder != 1:
            return f"{base}-{0 if remainder == 0 else 11 - remainder}"
        number = None


def make_user(prefix: str = "person", *, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        email=f"{prefix}-{next(_users)}@example.fi", password="x" * 12, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_environment(slug: str = "oys-ward-1", **fields) -> TestEnvironment:
    values = {
        "name": "Oulun yliopistollinen sairaala, osasto 1",
        "organisation": "Pohjois-Pohjanmaan hyvinvointialue",
        "area": Area.objects.get(code="oulu"),
        "service_area": ServiceArea.objects.get(code="older-people"),
        "capabilities": "Etäseuranta\nLääkeautomaatit",
        "capacity": 2,
        "contact_email": "labs@example.fi",
    }
    values.update(fields)
    return TestEnvironment.objects.create(slug=slug, **values)


def make_company(name: str = "Terveys Oy", *, representatives=(), **fields) -> Company:
    company = Company.objects.create(
        name=name, business_id=fields.pop("business_id", None) or business_id(), **fields
    )
    for user in representatives:
        Representative.objects.create(company=company, user=user)
    return company


def answers(environment: TestEnvironment | None = None, **overrides) -> dict:
    """Every required question answered."""
    data = {
        "product_name": "Lääkemuistuttaja",
        "product_version": "2.1",
        "summary": "Muistuttaa kotona asuvaa lääkkeen ottamisesta.",
        "intended_use": "Kotihoidon asiakkaat, joilla on useita lääkkeitä.",
        "target_users": "Kotihoidon asiakkaat ja hoitajat",
        "claimed_benefit": "Vähemmän unohtuneita annoksia.",
        "existing_evidence": "Pilotti 20 käyttäjällä.",
        "trl": 7,
        "regulatory_status": "mdr_i",
        "ce_certificate": "CE 0123",
        "personal_data": "health",
        "data_storage": "Suomessa, Azure North Europe",
        "dpia": "Tehty 2026-03",
        "security_assessment": "Itsearvio liitteenä",
        "accessibility_conformance": "WCAG 2.1 AA osittain",
        "interoperability": "HL7 FHIR",
        "test_goal": "Toimiiko muistutus kotihoidon arjessa.",
        "success_measures": "Unohtuneet annokset vähenevät 30 %.",
        "timeline_start": datetime.date(2027, 1, 1),
        "timeline_end": datetime.date(2027, 6, 30),
        "not_applicable": {},
    }
    if environment is not None:
        data["preferred_environments"] = [environment]
    else:
        data["not_applicable"] = {"preferred_environments": "not_relevant_for_product_type"}
    data.update(overrides)
    return data


def make_application(company: Company, actor, *, answered: bool = True, **overrides):
    application = services.application_create(actor=actor, company=company)
    if answered:
        services.application_save(actor=actor, application=application, data=answers(**overrides))
    application.refresh_from_db()
    return application


def evaluate_as(evaluator, application: Application, *, recommendation: str = "tested"):
    services.evaluation_declare(
        actor=evaluator, application=application, statement="No conflict of interest."
    )
    scores = [
        {
            "criterion": c,
            "score": 4,
            "evidence": "Seen in the test",
            "provenance": Provenance.VERIFIED,
        }
        for c in EvaluationCriterion.objects.active()
    ]
    return services.evaluation_save(
        actor=evaluator,
        application=application,
        scores=scores,
        recommendation=recommendation,
        summary="Works as claimed.",
        submit=True,
    )


# The states off the main line: (the state they branch from, the move that reaches them).
SIDE_STATES = {
    State.REJECTED: (State.SUBMITTED, Action.REJECT),
    State.WITHDRAWN: (State.SUBMITTED, Action.WITHDRAW),
    State.LABEL_GRANTED: (State.EVALUATED, Action.GRANT_LABEL),
    State.NO_LABEL: (State.EVALUATED, Action.NO_LABEL),
}


def advance(
    application: Application,
    state: str,
    *,
    company_user,
    staff,
    evaluators=(),
    share: bool = False,
    reply: bool = False,
    level: str = "tested",
) -> Application:
    """Bring ``application`` (a full draft) to ``state`` through the services. ``share`` and
    ``reply`` stop an evaluated one after sharing the evaluation (and the company's reply)."""
    if state == State.DRAFT:
        return application
    if state in SIDE_STATES:
        before, action = SIDE_STATES[state]
        advance(application, before, company_user=company_user, staff=staff, evaluators=evaluators)
        actor = company_user if action == Action.WITHDRAW else staff
        if action in (Action.GRANT_LABEL, Action.NO_LABEL):
            _share_and_reply(application, company_user, staff)
        services.application_transition(
            actor=actor,
            application=application,
            action=action,
            message="" if action in (Action.WITHDRAW, Action.GRANT_LABEL) else "Reason.",
            level=level,
        )
        application.refresh_from_db()
        return application
    target = MAIN_LINE.index(state)
    for step in MAIN_LINE[: target + 1]:
        application.refresh_from_db()
        if application.state in MAIN_LINE and MAIN_LINE.index(application.state) >= MAIN_LINE.index(
            step
        ):
            continue
        _step(application, step, company_user=company_user, staff=staff, evaluators=evaluators)
    if state == State.EVALUATED and (share or reply):
        _share_and_reply(application, company_user, staff, reply=reply)
    application.refresh_from_db()
    return application


def _share_and_reply(application, company_user, staff, *, reply: bool = True) -> None:
    application.refresh_from_db()
    if application.reply_due_at is None:
        services.application_transition(
            actor=staff, application=application, action=Action.SHARE_EVALUATION
        )
    if reply:
        services.application_transition(
            actor=company_user,
            application=application,
            action=Action.REPLY,
            message="Thank you; we accept the evaluation.",
        )


def _step(application, step, *, company_user, staff, evaluators) -> None:
    move = lambda action, actor=staff, **kw: services.application_transition(  # noqa: E731
        actor=actor, application=application, action=action, **kw
    )
    if step == State.SUBMITTED:
        move(Action.SUBMIT, company_user)
    elif step == State.SCREENING:
        move(Action.START_SCREENING)
    elif step == State.ACCEPTED:
        services.screening_save(
            actor=staff,
            application=application,
            data={"fit_with_practice": "Good", "summary": "Worth testing", "permits": "None"},
        )
        move(Action.ACCEPT)
    elif step == State.TEST_PLANNED:
        services.test_plan_save(
            actor=staff,
            application=application,
            data={
                "methods": "Observation and interviews",
                "participants": [{"role": "nurse", "count": 4}],
                "starts_on": datetime.date(2027, 1, 10),
                "ends_on": datetime.date(2027, 3, 10),
            },
            criteria=[{"description": "Fewer missed doses", "measure": "-30 %"}],
        )
        move(Action.PLAN_TEST)
    elif step == State.TESTING:
        move(Action.START_TEST)
    elif step == State.REPORTING:
        move(Action.START_REPORTING)
    elif step == State.EVALUATED:
        plan = application.test_plan
        services.test_report_save(
            actor=staff,
            application=application,
            data={"what_was_done": "Eight weeks with four nurses.", "unit_contact": "Ward 1"},
            results=[
                {"criterion": c, "outcome": "met", "result": "-35 %"} for c in plan.criteria.all()
            ],
        )
        people = list(evaluators) or [
            make_user("evaluator", role=roles.LABS_STAFF) for _ in range(2)
        ]
        for evaluator in people:
            evaluate_as(evaluator, application)
        move(Action.EVALUATE)


def frozen(moment: datetime.datetime):
    """The site's clock stopped at ``moment`` (aware): ``timezone.now()``, and with it
    ``localdate()``, ``auto_now`` fields and the services, read it. The project has no
    time-machine library; every read of the clock goes through ``django.utils.timezone``."""
    from unittest import mock

    return mock.patch("django.utils.timezone.now", return_value=moment)


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    """Noon in Helsinki on that day, as an aware moment."""
    from zoneinfo import ZoneInfo

    return datetime.datetime(year, month, day, hour, tzinfo=ZoneInfo("Europe/Helsinki"))
