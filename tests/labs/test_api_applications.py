"""The applications API: a company's own applications, the labs staff's queue, a draft
created and moved through the API, and what company A can never read of company B's."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs import services
from labs.lifecycle import Action, State
from labs.selectors.applications import attachment_for
from popsote.accounts import roles
from tests.labs import factories

pytestmark = pytest.mark.django_db

LIST = "api:labs-application-list"


def detail(application) -> str:
    return reverse("api:labs-application-detail", kwargs={"id": application.pk})


def transitions(application) -> str:
    return reverse("api:labs-application-transitions", kwargs={"id": application.pk})


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R /Size 3 >>\n"
        b"startxref\n9\n%%EOF\n"
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def two_companies():
    rep_a = factories.make_user("a")
    rep_b = factories.make_user("b")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    company_a = factories.make_company("Alfa Oy", representatives=[rep_a])
    company_b = factories.make_company("Beta Oy", representatives=[rep_b])
    return rep_a, rep_b, staff, company_a, company_b


def test_a_company_lists_its_own_applications_with_the_fields_of_api_md(client, two_companies):
    rep_a, rep_b, _staff, company_a, company_b = two_companies
    mine = factories.make_application(company_a, rep_a, product_version="2.1")
    factories.make_application(company_b, rep_b)
    client.force_login(rep_a)
    body = client.get(reverse(LIST)).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert {k: row[k] for k in ("id", "state", "product", "version")} == {
        "id": mine.pk,
        "state": "draft",
        "product": "Lääkemuistuttaja",
        "version": "2.1",
    }
    assert row["company"] == {"name": "Alfa Oy", "business_id": company_a.business_id}
    assert row["url"].endswith(f"/applications/{mine.pk}/")


def test_the_labs_staff_list_all_but_drafts_and_filter_by_state(client, two_companies):
    rep_a, rep_b, staff, company_a, company_b = two_companies
    factories.make_application(company_a, rep_a)
    submitted = factories.make_application(company_b, rep_b)
    factories.advance(submitted, State.SUBMITTED, company_user=rep_b, staff=staff)
    client.force_login(staff)
    assert [row["id"] for row in client.get(reverse(LIST)).json()["results"]] == [submitted.pk]
    assert client.get(reverse(LIST), {"state": "draft"}).json()["count"] == 0
    assert client.get(reverse(LIST), {"state": "bogus"}).status_code == 400


def test_a_representative_starts_a_draft_and_submits_it(client, two_companies):
    rep_a, _rep_b, staff, _company_a, _company_b = two_companies
    environment = factories.make_environment()
    answers = factories.answers(environment)
    answers["preferred_environments"] = [environment.slug]
    for key in ("timeline_start", "timeline_end"):
        answers[key] = answers[key].isoformat()
    client.force_login(rep_a)
    created = client.post(reverse(LIST), answers, content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "draft"
    assert body["preferred_environments"] == [environment.slug]
    assert body["missing"] == []
    assert body["actions"] == ["submit"]
    assert created["Location"].endswith(f"/api/v1/labs/applications/{body['id']}/")
    moved = client.post(
        reverse("api:labs-application-transitions", kwargs={"id": body["id"]}),
        {"action": "submit"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["state"] == "submitted"
    assert moved.json()["submitted_at"]
    assert moved.json()["actions"] == ["withdraw"]
    client.force_login(staff)
    staff_view = client.get(reverse("api:labs-application-detail", kwargs={"id": body["id"]}))
    assert set(staff_view.json()["actions"]) == {"start_screening", "reject"}


def test_submitting_an_incomplete_draft_names_the_unanswered_questions(client, two_companies):
    rep_a, _rep_b, _staff, company_a, _company_b = two_companies
    application = factories.make_application(company_a, rep_a, answered=False)
    client.force_login(rep_a)
    response = client.post(
        transitions(application), {"action": "submit"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert {"product_name", "dpia", "test_goal"} <= set(response.json()["fields"])


def test_creating_refuses_a_question_that_may_not_be_not_applicable(client, two_companies):
    rep_a, *_ = two_companies
    client.force_login(rep_a)
    response = client.post(
        reverse(LIST),
        {"not_applicable": {"product_name": "will_be_provided_later"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "not_applicable" in response.json()["fields"]
    response = client.post(
        reverse(LIST),
        {"not_applicable": {"dpia": "because"}},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_only_a_representative_may_start_an_application(client, two_companies):
    client.force_login(factories.make_user("resident"))
    response = client.post(
        reverse(LIST), {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "Register your company" in response.json()["detail"]


def test_an_illegal_move_is_409_and_a_decision_in_the_reply_window_says_why(client, two_companies):
    rep_a, _rep_b, staff, company_a, _company_b = two_companies
    application = factories.make_application(company_a, rep_a)
    factories.advance(application, State.EVALUATED, company_user=rep_a, staff=staff, share=True)
    client.force_login(staff)
    refused = client.post(
        transitions(application),
        {"action": "grant_label", "level": "approved"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "illegal_transition"
    assert "may still reply" in refused.json()["detail"]
    illegal = client.post(
        transitions(application), {"action": "start_test"}, content_type="application/json"
    )
    assert illegal.status_code == 409
    application.refresh_from_db()
    assert application.state == State.EVALUATED


def test_the_company_reads_the_evaluation_only_once_shared(client, two_companies):
    rep_a, rep_b, staff, company_a, _company_b = two_companies
    application = factories.make_application(company_a, rep_a)
    factories.advance(application, State.EVALUATED, company_user=rep_a, staff=staff)
    client.force_login(rep_a)
    assert client.get(detail(application)).json()["evaluations"] is None
    client.force_login(staff)
    assert len(client.get(detail(application)).json()["evaluations"]) == 2
    services.application_transition(
        actor=staff, application=application, action=Action.SHARE_EVALUATION
    )
    client.force_login(rep_a)
    body = client.get(detail(application)).json()
    assert body["reply_due_at"]
    assert [e["evaluator"] for e in body["evaluations"]] == [1, 2]
    score = body["evaluations"][0]["scores"][0]
    assert set(score) == {
        "domain",
        "criterion",
        "criterion_name",
        "score",
        "evidence",
        "provenance",
        "not_assessed_reason",
    }
    assert "reply" in body["actions"]
    # The evaluators' names stay with the labs staff.
    assert staff.email not in str(body)
    client.force_login(rep_b)
    assert client.get(detail(application)).status_code == 404


def test_company_b_never_reads_company_as_application_files_or_notifications(client, two_companies):
    rep_a, rep_b, staff, company_a, _company_b = two_companies
    application = factories.make_application(company_a, rep_a)
    services.attachment_add(
        actor=rep_a,
        application=application,
        uploads=[SimpleUploadedFile("suunnitelma.pdf", pdf(), content_type="application/pdf")],
    )
    factories.advance(application, State.SCREENING, company_user=rep_a, staff=staff)
    attachment = application.attachments.get()
    client.force_login(rep_a)
    own = client.get(detail(application)).json()
    assert [a["name"] for a in own["attachments"]] == ["suunnitelma.pdf"]
    assert attachment_for(rep_a, attachment.token) == attachment
    assert attachment_for(staff, attachment.token) == attachment
    client.force_login(rep_b)
    assert client.get(detail(application)).status_code == 404
    assert (
        client.post(
            transitions(application), {"action": "withdraw"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(reverse(LIST)).json()["count"] == 0
    with pytest.raises(Http404):
        attachment_for(rep_b, attachment.token)
    notifications = client.get(reverse("api:notifications:list")).json()
    assert notifications["results"] == []
    client.force_login(rep_a)
    assert client.get(reverse("api:notifications:list")).json()["results"]


def test_internal_notes_are_in_the_staffs_timeline_only(client, two_companies):
    rep_a, _rep_b, staff, company_a, _company_b = two_companies
    application = factories.make_application(company_a, rep_a)
    factories.advance(application, State.SUBMITTED, company_user=rep_a, staff=staff)
    services.application_note(actor=staff, application=application, note="Sisäinen muistio")
    client.force_login(rep_a)
    company_view = client.get(detail(application)).json()
    assert "Sisäinen muistio" not in str(company_view)
    assert all("note" not in row for row in company_view["timeline"])
    client.force_login(staff)
    staff_view = client.get(detail(application)).json()
    assert "Sisäinen muistio" in [row["note"] for row in staff_view["timeline"]]


@pytest.mark.parametrize("who", ["company", "labs_staff"])
def test_the_list_reads_in_the_same_number_of_queries_for_2_and_8_rows(client, two_companies, who):
    rep_a, _rep_b, staff, company_a, _company_b = two_companies
    client.force_login(rep_a if who == "company" else staff)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(LIST))
        assert response.status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            application = factories.make_application(company_a, rep_a)
            factories.advance(application, State.SUBMITTED, company_user=rep_a, staff=staff)

    add(2)
    few = count_queries()
    add(6)
    many = count_queries()
    assert client.get(reverse(LIST)).json()["count"] == 8
    assert many == few


def test_the_detail_reads_in_the_same_number_of_queries_however_long_its_timeline(
    client, two_companies
):
    rep_a, _rep_b, staff, company_a, _company_b = two_companies
    application = factories.make_application(company_a, rep_a)
    factories.advance(application, State.EVALUATED, company_user=rep_a, staff=staff)
    client.force_login(staff)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(application)).status_code == 200
        return len(queries)

    few = count_queries()
    for n in range(5):
        services.application_note(actor=staff, application=application, note=f"Muistio {n}")
    services.application_transition(
        actor=staff, application=application, action=Action.SHARE_EVALUATION
    )
    assert count_queries() == few
