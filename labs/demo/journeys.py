"""Demo applications taken through the Labs services, as a company and the labs staff would:
each step is the service call the site itself makes, so that every event, check and
notification in the demo is the real one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from labs import services
from labs.demo import texts
from labs.lifecycle import MAIN_LINE, Action, State
from labs.models import Application, EvaluationCriterion, Provenance, TestEnvironment

BRANCHES = {
    State.REJECTED: State.SCREENING,
    State.WITHDRAWN: State.TESTING,
    State.NO_LABEL: State.EVALUATED,
    State.LABEL_GRANTED: State.EVALUATED,
}


@dataclass(frozen=True)
class Cast:
    """Who acts: the company's representative, the labs staff and the two evaluators."""

    company_user: object
    staff: object
    evaluators: tuple


def take(
    application: Application,
    state: str,
    *,
    cast: Cast,
    environment: TestEnvironment,
    level: str = "tested",
    share: bool = False,
) -> Application:
    """Bring a fully answered draft to ``state``. An evaluated one with ``share`` waits for the
    company's reply to the shared evaluation."""
    if state == State.DRAFT:
        return application
    last = BRANCHES.get(state, state)
    for step in MAIN_LINE[: MAIN_LINE.index(last) + 1]:
        _step(application, step, cast=cast, environment=environment)
    if state == State.REJECTED:
        _move(application, Action.REJECT, cast.staff, message=texts.REJECTED)
    elif state == State.WITHDRAWN:
        _move(application, Action.WITHDRAW, cast.company_user)
    elif state in (State.NO_LABEL, State.LABEL_GRANTED):
        _move(application, Action.SHARE_EVALUATION, cast.staff)
        _move(application, Action.REPLY, cast.company_user, message=texts.REPLY)
        if state == State.NO_LABEL:
            _move(application, Action.NO_LABEL, cast.staff, message=texts.NO_LABEL)
        else:
            _move(application, Action.GRANT_LABEL, cast.staff, level=level)
    elif state == State.EVALUATED and share:
        _move(application, Action.SHARE_EVALUATION, cast.staff)
    application.refresh_from_db()
    return application


def _move(application, action, actor, **details) -> None:
    services.application_transition(actor=actor, application=application, action=action, **details)


def _step(application, step, *, cast: Cast, environment) -> None:
    staff = cast.staff
    if step == State.SUBMITTED:
        _move(application, Action.SUBMIT, cast.company_user)
    elif step == State.SCREENING:
        _move(application, Action.START_SCREENING, staff)
    elif step == State.ACCEPTED:
        services.screening_save(
            actor=staff, application=application, data={**texts.SCREENING, "unit": environment}
        )
        _move(application, Action.ACCEPT, staff)
    elif step == State.TEST_PLANNED:
        services.test_plan_save(
            actor=staff,
            application=application,
            data={
                **texts.PLAN,
                "environments": [environment],
                "starts_on": datetime.date(2026, 9, 7),
                "ends_on": datetime.date(2026, 11, 1),
                "agreement_date": datetime.date(2026, 8, 20),
            },
            criteria=texts.CRITERIA,
        )
        _move(application, Action.PLAN_TEST, staff)
    elif step == State.TESTING:
        _move(application, Action.START_TEST, staff)
    elif step == State.REPORTING:
        _move(application, Action.START_REPORTING, staff)
    elif step == State.EVALUATED:
        application.refresh_from_db()
        services.test_report_save(
            actor=staff,
            application=application,
            data=texts.REPORT,
            results=[
                {"criterion": criterion, "outcome": "met", "result": "Tavoite saavutettiin."}
                for criterion in application.test_plan.criteria.all()
            ],
        )
        for evaluator, summary in zip(cast.evaluators, texts.SUMMARIES, strict=True):
            _evaluate(evaluator, application, summary)
        _move(application, Action.EVALUATE, staff)


def _evaluate(evaluator, application, summary: str) -> None:
    services.evaluation_declare(
        actor=evaluator,
        application=application,
        statement="Minulla ei ole sidonnaisuuksia hakijayritykseen.",
    )
    scores = [
        {
            "criterion": criterion,
            "score": 4,
            "evidence": "Havaittiin testissä ja haastatteluissa.",
            "provenance": Provenance.VERIFIED,
        }
        for criterion in EvaluationCriterion.objects.active()
    ]
    services.evaluation_save(
        actor=evaluator,
        application=application,
        scores=scores,
        recommendation="tested",
        summary=summary,
        submit=True,
    )
