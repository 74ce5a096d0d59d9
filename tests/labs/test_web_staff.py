"""The labs staff's forms: moves and internal notes, the testing-need assessment, the test plan
with its success criteria, the test report with a result per criterion, the evaluation (a
declaration of no conflict of interest before any score), sharing it with the company, its
reply and the decision on the label."""

from __future__ import annotations

import pytest
from django.urls import reverse

from labs.lifecycle import State
from labs.models import Evaluation, EvaluationCriterion, Label, Screening, TestPlan
from popsote.accounts import roles
from tests.labs import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(make_user):
    return make_user("rep@example.fi", stakeholder="company")


@pytest.fixture
def company(rep):
    return factories.make_company("Hoiva Oy", representatives=[rep])


@pytest.fixture
def application(company, rep, labs_staff):
    application = factories.make_application(company, rep)
    return factories.advance(application, State.SUBMITTED, company_user=rep, staff=labs_staff)


def url(name, application):
    return reverse(f"labs:{name}", kwargs={"pk": application.pk})


def move(client, application, action, **fields):
    return client.post(url("transition", application), {"action": action, **fields})


def formset(prefix, rows, extra=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_an_illegal_move_is_the_refusal_page_and_changes_nothing(client, labs_staff, application):
    client.force_login(labs_staff)
    response = move(client, application, "start_test")
    assert response.status_code == 409
    assert "This is not possible" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not application.events.filter(action="start_test").exists()


def test_a_move_refused_for_its_message_keeps_what_was_typed_and_offers_only_open_moves(
    client, labs_staff, application
):
    client.force_login(labs_staff)
    assert move(client, application, "start_screening").status_code == 302
    refused = move(client, application, "reject", message="", note="Kept this note")
    assert refused.status_code == 400
    form = refused.context["transition_form"]
    offered = {value for value, _label in form.fields["action"].choices}
    assert offered == {"accept", "reject"}
    assert "Kept this note" in refused.content.decode()
    application.refresh_from_db()
    assert application.state == State.SCREENING


def test_accepting_needs_the_assessment_first(client, labs_staff, application):
    client.force_login(labs_staff)
    assert move(client, application, "start_screening").status_code == 302
    refused = move(client, application, "accept")
    assert refused.status_code == 400
    assert "Record the testing-need assessment" in refused.content.decode()
    saved = client.post(
        url("screening", application),
        {
            "fit_with_practice": "Fits the home-care rounds.",
            "fit_with_strategy": "For people",
            "staff_available": "Four nurses",
            "space_available": "Ward 1",
            "permits": "Research permit",
            "summary": "Worth testing",
        },
    )
    assert saved.status_code == 302
    assert Screening.objects.get(application=application).permits == "Research permit"
    assert move(client, application, "accept", message="Welcome").status_code == 302
    application.refresh_from_db()
    assert application.state == State.ACCEPTED


def test_rejecting_needs_a_public_reason_and_keeps_what_was_typed(client, labs_staff, application):
    client.force_login(labs_staff)
    response = move(client, application, "reject", note="Not for us")
    assert response.status_code == 400
    assert "Not for us" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_test_plan_needs_a_success_criterion(client, labs_staff, rep, company):
    application = factories.advance(
        factories.make_application(company, rep), State.ACCEPTED, company_user=rep, staff=labs_staff
    )
    environment = factories.make_environment()
    client.force_login(labs_staff)
    data = {
        "environments": [environment.pk],
        "starts_on": "2027-01-10",
        "ends_on": "2027-03-10",
        "methods": "Interviews",
        **formset("participants", [{"role": "nurse", "count": "4"}], extra=1),
        **formset("criteria", [], extra=2),
    }
    refused = client.post(url("plan", application), data)
    assert refused.status_code == 400
    assert "at least one measurable success criterion" in refused.content.decode()
    assert (
        'value="Interviews"' in refused.content.decode() or "Interviews" in refused.content.decode()
    )
    data.update(formset("criteria", [{"description": "Fewer missed doses", "measure": "-30 %"}], 1))
    assert client.post(url("plan", application), data).status_code == 302
    plan = TestPlan.objects.get(application=application)
    assert plan.participants == [{"role": "nurse", "count": 4}]
    assert [c.description for c in plan.criteria.all()] == ["Fewer missed doses"]
    assert move(client, application, "plan_test").status_code == 302
    # The form shows the saved plan again.
    assert "Fewer missed doses" in client.get(url("application", application)).content.decode()


def test_the_report_records_a_result_per_criterion(client, labs_staff, rep, company):
    application = factories.advance(
        factories.make_application(company, rep), State.TESTING, company_user=rep, staff=labs_staff
    )
    criterion = application.test_plan.criteria.get()
    client.force_login(labs_staff)
    page = client.get(url("report", application)).content.decode()
    assert criterion.description in page
    missing = client.post(url("report", application), {"what_was_done": "Eight weeks"})
    assert missing.status_code == 400
    saved = client.post(
        url("report", application),
        {
            "what_was_done": "Eight weeks on ward 1",
            "unit_contact": "Ward 1 head nurse",
            f"outcome_{criterion.pk}": "partly",
            f"result_{criterion.pk}": "-20 %",
        },
    )
    assert saved.status_code == 302
    result = application.test_report.results.get()
    assert (result.outcome, result.result) == ("partly", "-20 %")


def score_data(*, provenance="verified_in_test", score="4"):
    data = {}
    for criterion in EvaluationCriterion.objects.active():
        data[f"score_{criterion.code}"] = score
        data[f"provenance_{criterion.code}"] = provenance
        data[f"evidence_{criterion.code}"] = "Seen on the ward"
    return data


def test_an_evaluator_declares_no_conflict_before_any_score(client, labs_staff, rep, company):
    application = factories.advance(
        factories.make_application(company, rep),
        State.REPORTING,
        company_user=rep,
        staff=labs_staff,
    )
    client.force_login(labs_staff)
    # Scores posted before the declaration are not saved: the declaration page answers.
    early = client.post(url("evaluate", application), {**score_data(), "submit": "1"})
    assert early.status_code == 200
    assert "declaration of interests" in early.content.decode().lower()
    assert not Evaluation.objects.filter(application=application).exists()
    unticked = client.post(url("evaluate", application), {"declare": "1"})
    assert unticked.status_code == 400
    declared = client.post(
        url("evaluate", application),
        {"declare": "1", "no_conflict": "on", "statement": "Met the CEO at a fair in 2025."},
    )
    assert declared.status_code == 302
    evaluation = Evaluation.objects.get(application=application, evaluator=labs_staff)
    assert evaluation.conflict_declared_at is not None
    assert "no conflict of interest" in evaluation.conflict_statement
    assert "Met the CEO at a fair in 2025." in evaluation.conflict_statement
    # A draft may be partial; submitting needs every criterion and a recommendation.
    first = EvaluationCriterion.objects.active().first()
    draft = client.post(
        url("evaluate", application),
        {
            f"score_{first.code}": "3",
            f"provenance_{first.code}": "documented_by_company",
            "save": "1",
        },
    )
    assert draft.status_code == 302
    assert evaluation.scores.get().score == 3
    incomplete = client.post(
        url("evaluate", application),
        {
            f"score_{first.code}": "3",
            f"provenance_{first.code}": "documented_by_company",
            "submit": "1",
        },
    )
    assert incomplete.status_code == 400
    not_assessed = client.post(
        url("evaluate", application),
        {f"provenance_{first.code}": "not_assessed", "save": "1"},
    )
    assert not_assessed.status_code == 400
    assert "Say why it was not assessed" in not_assessed.content.decode()
    submitted = client.post(
        url("evaluate", application),
        {**score_data(), "recommendation": "tested", "summary": "Works", "submit": "1"},
    )
    assert submitted.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.is_submitted
    assert evaluation.scores.count() == EvaluationCriterion.objects.active().count()


def test_the_decision_waits_for_the_company_s_reply(client, labs_staff, rep, company):
    application = factories.advance(
        factories.make_application(company, rep),
        State.EVALUATED,
        company_user=rep,
        staff=labs_staff,
    )
    client.force_login(labs_staff)
    grant = {"action": "grant_label", "level": "tested", "message": ""}
    # Not yet shared with the company: refused.
    assert client.post(url("decision", application), grant).status_code == 409
    assert move(client, application, "share_evaluation").status_code == 302
    application.refresh_from_db()
    assert application.reply_due_at is not None
    refused = client.post(url("decision", application), grant)
    assert refused.status_code == 409
    assert "may still reply" in refused.content.decode()
    assert not Label.objects.exists()
    # The company sees the draft evaluation and replies.
    client.force_login(rep)
    page = client.get(url("application", application)).content.decode()
    assert "Draft evaluation" in page and "Your right of reply" in page
    empty = client.post(url("reply", application), {"message": ""})
    assert empty.status_code == 400
    assert (
        client.post(
            url("reply", application), {"message": "The dose data is from v2.1."}
        ).status_code
        == 302
    )
    # Now the label can be granted, at a level the rules allow.
    client.force_login(labs_staff)
    no_level = client.post(url("decision", application), {"action": "grant_label"})
    assert no_level.status_code == 400
    co_created = client.post(url("decision", application), {**grant, "level": "co_created"})
    assert co_created.status_code == 400
    assert "co-creation" in co_created.content.decode()
    assert client.post(url("decision", application), grant).status_code == 302
    label = Label.objects.get()
    assert (label.level, label.product_version) == ("tested", application.product_version)
    client.force_login(rep)
    page = client.get(url("application", application)).content.decode()
    assert label.code in page
    assert "label-status--valid" in page
    assert "The dose data is from v2.1." in page
    report = client.get(url("evaluation_report", application)).content.decode()
    assert label.code in report and "@media print" not in report  # the print rules are in CSS
    assert "The dose data is from v2.1." in report


def test_internal_notes_are_for_the_labs_staff_only(client, labs_staff, rep, application):
    client.force_login(labs_staff)
    assert client.post(url("note", application), {"note": "Call the CTO first"}).status_code == 302
    assert "Call the CTO first" in client.get(url("application", application)).content.decode()
    client.force_login(rep)
    page = client.get(url("application", application)).content.decode()
    assert "Call the CTO first" not in page
    assert "Internal note" not in page


def test_a_company_representative_cannot_make_staff_moves(client, rep, application):
    client.force_login(rep)
    assert move(client, application, "start_screening").status_code == 403
    assert client.post(url("note", application), {"note": "x"}).status_code == 403
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_queue_is_for_the_labs_staff(client, rep, make_user, labs_staff, application):
    client.force_login(rep)
    assert client.get(reverse("labs:queue")).status_code == 403
    client.force_login(make_user("coordinator2@example.fi", role=roles.COORDINATOR))
    assert client.get(reverse("labs:queue")).status_code == 403
    client.force_login(labs_staff)
    page = client.get(reverse("labs:queue")).content.decode()
    assert application.product_name in page
