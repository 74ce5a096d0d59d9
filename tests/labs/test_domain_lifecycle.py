"""The application's lifecycle: what each move needs, that a refused move changes nothing,
and the events it leaves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from labs import services
from labs.lifecycle import LIFECYCLE, Action, State
from labs.models import ApplicationEvent
from popsote.accounts import roles
from popsote.core.lifecycle import IllegalTransition
from tests.labs import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    rep = factories.make_user("rep")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    company = factories.make_company(representatives=[rep])
    return rep, staff, company


def move(actor, application, action, **kwargs):
    return services.application_transition(
        actor=actor, application=application, action=action, **kwargs
    )


def test_the_table_has_every_state_reachable_and_the_final_states_closed():
    reachable = {State.DRAFT} | {m.target for m in LIFECYCLE.moves.values() if m.target}
    assert reachable == set(State.values)
    for final in (State.REJECTED, State.LABEL_GRANTED, State.NO_LABEL, State.WITHDRAWN):
        assert LIFECYCLE.actions_from(final) == []


def test_it_refuses_to_submit_until_every_required_question_is_answered(people):
    rep, _staff, company = people
    application = factories.make_application(company, rep, answered=False)
    services.application_save(
        actor=rep, application=application, data={"product_name": "Muistuttaja"}
    )
    with pytest.raises(ValidationError) as refused:
        move(rep, application, Action.SUBMIT)
    assert "product_version" in refused.value.message_dict
    assert "dpia" in refused.value.message_dict
    assert "product_name" not in refused.value.message_dict
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.submitted_at is None


def test_a_question_that_does_not_apply_needs_a_reason_from_the_list(people):
    rep, _staff, company = people
    application = factories.make_application(company, rep, ce_certificate="")
    with pytest.raises(ValidationError) as refused:
        services.application_save(
            actor=rep, application=application, data={"not_applicable": {"ce_certificate": ""}}
        )
    assert "ce_certificate" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.application_save(
            actor=rep,
            application=application,
            data={"not_applicable": {"product_name": "not_relevant_for_product_type"}},
        )
    assert "product_name" in refused.value.message_dict
    with pytest.raises(ValidationError):
        move(rep, application, Action.SUBMIT)
    services.application_save(
        actor=rep,
        application=application,
        data={
            "not_applicable": {
                "ce_certificate": "not_a_medical_device",
                "preferred_environments": "not_relevant_for_product_type",
            }
        },
    )
    move(rep, application, Action.SUBMIT)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.submitted_at is not None


def test_a_draft_saves_only_public_suggestions_as_needs(people):
    from tests.ideas.community import make_suggestion

    rep, _staff, company = people
    application = factories.make_application(company, rep)
    public = make_suggestion()
    private = make_suggestion(is_private=True)
    with pytest.raises(ValidationError) as refused:
        services.application_save(
            actor=rep, application=application, data={"needs": [public, private]}
        )
    assert "needs" in refused.value.message_dict
    assert list(application.needs.all()) == []
    services.application_save(actor=rep, application=application, data={"needs": [public]})
    assert list(application.needs.all()) == [public]


def test_a_submitted_application_no_longer_changes(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.SUBMITTED, company_user=rep, staff=staff)
    with pytest.raises(IllegalTransition):
        services.application_save(
            actor=rep, application=application, data={"product_name": "Toinen"}
        )
    application.refresh_from_db()
    assert application.product_name == "Lääkemuistuttaja"


def test_accepting_needs_the_testing_need_assessment(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.SCREENING, company_user=rep, staff=staff)
    with pytest.raises(ValidationError) as refused:
        move(staff, application, Action.ACCEPT)
    assert "screening" in refused.value.message_dict
    services.screening_save(
        actor=staff,
        application=application,
        data={"fit_with_practice": "Sopii", "permits": "Tutkimuslupa", "unit": None},
    )
    move(staff, application, Action.ACCEPT)
    application.refresh_from_db()
    assert application.state == State.ACCEPTED
    assert application.screening.permits == "Tutkimuslupa"
    assert application.screening.screened_by == staff


def test_rejecting_needs_a_public_reason(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.SUBMITTED, company_user=rep, staff=staff)
    with pytest.raises(ValidationError) as refused:
        move(staff, application, Action.REJECT)
    assert "message" in refused.value.message_dict
    event = move(staff, application, Action.REJECT, message="Ei sovi strategiaan.")
    assert (event.from_state, event.to_state, event.public_message) == (
        State.SUBMITTED,
        State.REJECTED,
        "Ei sovi strategiaan.",
    )
    application.refresh_from_db()
    assert application.decided_at is not None


def test_a_test_plan_needs_a_measurable_success_criterion(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.ACCEPTED, company_user=rep, staff=staff)
    with pytest.raises(ValidationError) as refused:
        services.test_plan_save(
            actor=staff, application=application, data={"methods": "x"}, criteria=[]
        )
    assert "criteria" in refused.value.message_dict
    with pytest.raises(ValidationError):
        move(staff, application, Action.PLAN_TEST)
    services.test_plan_save(
        actor=staff,
        application=application,
        data={"participants": [{"role": "sairaanhoitaja", "count": 3}]},
        criteria=[{"description": "Käyttö päivittäin", "measure": "80 % päivistä"}],
    )
    move(staff, application, Action.PLAN_TEST)
    application.refresh_from_db()
    assert application.state == State.TEST_PLANNED
    assert application.test_plan.participants == [{"role": "sairaanhoitaja", "count": 3}]


def test_evaluating_needs_the_report_and_two_evaluators_who_declared_their_interests(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.REPORTING, company_user=rep, staff=staff)
    with pytest.raises(ValidationError) as refused:
        move(staff, application, Action.EVALUATE)
    assert set(refused.value.message_dict) == {"test_report", "evaluations"}
    services.test_report_save(
        actor=staff, application=application, data={"what_was_done": "Kuusi viikkoa."}
    )
    factories.evaluate_as(staff, application)
    with pytest.raises(ValidationError) as refused:
        move(staff, application, Action.EVALUATE)
    assert set(refused.value.message_dict) == {"evaluations"}
    factories.evaluate_as(factories.make_user("second", role=roles.LABS_STAFF), application)
    move(staff, application, Action.EVALUATE)
    application.refresh_from_db()
    assert application.state == State.EVALUATED


def test_an_illegal_move_changes_nothing_and_says_why(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.SUBMITTED, company_user=rep, staff=staff)
    events = application.events.count()
    with pytest.raises(IllegalTransition) as refused:
        move(staff, application, Action.START_TEST)
    assert "Submitted" in str(refused.value)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.events.count() == events


def test_a_move_on_a_state_someone_else_changed_is_refused(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.SCREENING, company_user=rep, staff=staff)
    with pytest.raises(IllegalTransition):
        move(
            staff,
            application,
            Action.REJECT,
            message="Ei nyt.",
            expected_state=State.SUBMITTED,
        )
    application.refresh_from_db()
    assert application.state == State.SCREENING


def test_the_company_withdraws_while_undecided_never_after(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.TESTING, company_user=rep, staff=staff)
    event = move(rep, application, Action.WITHDRAW, message="Tuote vedetään markkinoilta.")
    assert event.to_state == State.WITHDRAWN
    decided = factories.make_application(company, rep)
    factories.advance(decided, State.NO_LABEL, company_user=rep, staff=staff)
    with pytest.raises(IllegalTransition):
        move(rep, decided, Action.WITHDRAW)


def test_internal_notes_stay_off_the_companys_timeline(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.SUBMITTED, company_user=rep, staff=staff)
    services.application_note(actor=staff, application=application, note="Soita yritykselle.")
    move(staff, application, Action.START_SCREENING, note="Arvio alkaa", message="Arvio alkaa.")
    from labs.selectors.applications import timeline_for

    company_sees = list(timeline_for(rep, application))
    staff_sees = list(timeline_for(staff, application))
    assert [e.action for e in company_sees] == [Action.SUBMIT, Action.START_SCREENING]
    assert Action.NOTE in [e.action for e in staff_sees]
    assert ApplicationEvent.objects.get(action=Action.NOTE).is_public is False


def test_every_event_of_the_journey_is_on_the_record(people):
    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.LABEL_GRANTED, company_user=rep, staff=staff)
    actions = list(application.events.values_list("action", flat=True))
    for action in (
        Action.SUBMIT,
        Action.START_SCREENING,
        Action.SCREENING_SAVED,
        Action.ACCEPT,
        Action.PLAN_SAVED,
        Action.PLAN_TEST,
        Action.START_TEST,
        Action.START_REPORTING,
        Action.REPORT_SAVED,
        Action.EVALUATION_SUBMITTED,
        Action.EVALUATE,
        Action.SHARE_EVALUATION,
        Action.REPLY,
        Action.GRANT_LABEL,
    ):
        assert action in actions
    reply = application.events.get(action=Action.REPLY)
    assert reply.public_message == "Thank you; we accept the evaluation."
