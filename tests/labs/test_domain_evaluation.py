"""The evaluation protocol: criteria by domain as data, every score with its evidence and
provenance, and no score before the evaluator has declared no conflict of interest."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labs import services
from labs.lifecycle import Action, State
from labs.models import Evaluation, EvaluationCriterion, EvaluationDomain, EvaluationScore
from labs.selectors.evaluation import evaluation_summary
from popsote.accounts import roles
from popsote.core.lifecycle import IllegalTransition
from tests.labs import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporting():
    rep = factories.make_user("rep")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    company = factories.make_company(representatives=[rep])
    application = factories.make_application(company, rep)
    factories.advance(application, State.REPORTING, company_user=rep, staff=staff)
    return application, rep, staff


def scores(**overrides):
    rows = {
        criterion.code: {"score": 3, "evidence": "Havaittu", "provenance": "verified_in_test"}
        for criterion in EvaluationCriterion.objects.active()
    }
    rows.update(overrides)
    return rows


def test_the_protocol_seeds_the_digi_hta_domains_and_co_creation():
    assert set(EvaluationDomain.objects.values_list("code", flat=True)) == {
        "effectiveness",
        "safety",
        "data-security",
        "usability",
        "interoperability",
        "costs",
        "care-processes",
        "co-creation",
    }
    assert not EvaluationDomain.objects.filter(criteria=None).exists()


def test_no_score_is_saved_before_the_declaration(reporting):
    application, _rep, staff = reporting
    with pytest.raises(ValidationError) as refused:
        services.evaluation_save(actor=staff, application=application, scores=scores())
    assert "statement" in refused.value.message_dict
    assert not EvaluationScore.objects.exists()
    with pytest.raises(ValidationError):
        services.evaluation_declare(actor=staff, application=application, statement=" ")
    evaluation = services.evaluation_declare(
        actor=staff, application=application, statement="Ei sidonnaisuuksia."
    )
    assert evaluation.conflict_declared_at is not None
    services.evaluation_save(actor=staff, application=application, scores=scores())
    assert EvaluationScore.objects.filter(evaluation=evaluation).count() == len(scores())


def test_not_assessed_needs_a_reason_and_carries_no_score(reporting):
    application, _rep, staff = reporting
    services.evaluation_declare(actor=staff, application=application, statement="Ei.")
    with pytest.raises(ValidationError) as refused:
        services.evaluation_save(
            actor=staff,
            application=application,
            scores=scores(**{"cost-effectiveness": {"provenance": "not_assessed", "score": 2}}),
        )
    assert "score_cost-effectiveness" in refused.value.message_dict
    services.evaluation_save(
        actor=staff,
        application=application,
        scores=scores(
            **{
                "cost-effectiveness": {
                    "provenance": "not_assessed",
                    "score": 2,
                    "not_assessed_reason": "Hintatietoa ei saatu.",
                }
            }
        ),
    )
    row = EvaluationScore.objects.get(criterion__code="cost-effectiveness")
    assert (row.score, row.not_assessed_reason) == (None, "Hintatietoa ei saatu.")


@pytest.mark.parametrize("bad", [{"score": 6}, {"score": -1}, {"score": None}, {"provenance": ""}])
def test_an_assessed_score_is_0_to_5_with_its_provenance(reporting, bad):
    application, _rep, staff = reporting
    services.evaluation_declare(actor=staff, application=application, statement="Ei.")
    row = {"score": 3, "evidence": "x", "provenance": "documented_by_company", **bad}
    with pytest.raises(ValidationError):
        services.evaluation_save(actor=staff, application=application, scores=scores(usability=row))
    assert not EvaluationScore.objects.exists()


def test_submitting_needs_every_criterion_and_a_recommendation_and_then_freezes(reporting):
    application, _rep, staff = reporting
    services.evaluation_declare(actor=staff, application=application, statement="Ei.")
    partial = dict(list(scores().items())[:3])
    with pytest.raises(ValidationError) as refused:
        services.evaluation_save(actor=staff, application=application, scores=partial, submit=True)
    assert "recommendation" in refused.value.message_dict
    assert len(refused.value.message_dict) > 3
    services.evaluation_save(
        actor=staff,
        application=application,
        scores=scores(),
        recommendation="tested",
        summary="Toimii.",
        submit=True,
    )
    assert Evaluation.objects.get().submitted_at is not None
    assert application.events.filter(action=Action.EVALUATION_SUBMITTED, is_public=False).exists()
    with pytest.raises(ValidationError):
        services.evaluation_save(actor=staff, application=application, scores=scores())


def test_only_labs_staff_evaluate_and_only_while_results_are_reported(reporting):
    application, rep, staff = reporting
    with pytest.raises(PermissionDenied):
        services.evaluation_declare(actor=rep, application=application, statement="Ei.")
    submitted = factories.make_application(application.company, rep)
    factories.advance(submitted, State.SUBMITTED, company_user=rep, staff=staff)
    with pytest.raises(IllegalTransition):
        services.evaluation_declare(actor=staff, application=submitted, statement="Ei.")


def test_the_summary_groups_every_evaluators_scores_by_domain(reporting):
    application, _rep, staff = reporting
    second = factories.make_user("second", role=roles.LABS_STAFF)
    factories.evaluate_as(staff, application)
    factories.evaluate_as(second, application)
    grouped = evaluation_summary(application).domains
    assert grouped[0][0].code == "effectiveness"
    for _domain, rows in grouped:
        for row in rows:
            assert len(row.scores) == 2
            assert row.mean == 4
