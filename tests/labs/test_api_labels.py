"""The public label register and verification, and the test environments, through the API:
anyone reads them; a label's status is the day's, computed from its dates."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs import services
from labs.lifecycle import State
from labs.models import Label
from popsote.accounts import roles
from tests.labs import factories
from tests.labs.factories import at, frozen

pytestmark = pytest.mark.django_db

REGISTER = "api:labs-label-list"


def verify(code: str) -> str:
    return reverse("api:labs-label-detail", kwargs={"code": code})


@pytest.fixture
def granting():
    rep = factories.make_user("rep")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    company = factories.make_company("Alfa Health Oy", representatives=[rep])

    def grant(*, when=None, level="tested", **answers) -> Label:
        application = factories.make_application(company, rep, **answers)
        with frozen(when or at(2026, 3, 2)):
            factories.advance(
                application, State.LABEL_GRANTED, company_user=rep, staff=staff, level=level
            )
        return application.labels.get()

    grant.staff = staff
    grant.company = company
    return grant


def test_verifying_a_label_gives_the_fields_of_api_md(client, granting):
    label = granting(product_name="Lääkemuistuttaja", product_version="2.1")
    with frozen(at(2027, 1, 1)):
        body = client.get(verify(label.code.lower())).json()
    assert {k: body[k] for k in ("code", "company", "product", "version", "level")} == {
        "code": label.code,
        "company": "Alfa Health Oy",
        "product": "Lääkemuistuttaja",
        "version": "2.1",
        "level": "tested",
    }
    assert (body["granted"], body["valid_until"]) == ("2026-03-02", "2029-03-02")
    assert (body["status"], body["valid"]) == ("valid", True)
    assert body["url"].endswith(f"/labels/{label.code}/")
    assert body["business_id"] == granting.company.business_id


def test_the_api_says_valid_the_day_before_expiry_and_expired_the_day_after(client, granting):
    label = granting(when=at(2026, 3, 2))
    with frozen(at(2029, 3, 1)):
        before = client.get(verify(label.code)).json()
    with frozen(at(2029, 3, 3)):
        after = client.get(verify(label.code)).json()
        register = client.get(reverse(REGISTER), {"status": "expired"}).json()
    assert (before["status"], before["valid"]) == ("valid", True)
    assert (after["status"], after["valid"]) == ("expired", False)
    assert [row["code"] for row in register["results"]] == [label.code]


def test_an_unknown_code_is_404(client):
    response = client.get(verify("OHL-AAAA-BBBB"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_register_keeps_every_label_and_filters_by_status_level_and_company(client, granting):
    old = granting(product_version="1.0", level="approved")
    new = granting(product_version="2.0", when=at(2026, 9, 1))
    withdrawn = granting(product_name="Toinen", level="approved")
    services.label_withdraw(actor=granting.staff, label=withdrawn, reason="Puute löytyi.")
    other_rep = factories.make_user("other")
    other = factories.make_company("Beta Oy", representatives=[other_rep])
    theirs = factories.make_application(other, other_rep)
    factories.advance(theirs, State.LABEL_GRANTED, company_user=other_rep, staff=granting.staff)

    def codes(**params):
        return {row["code"] for row in client.get(reverse(REGISTER), params).json()["results"]}

    everything = {old.code, new.code, withdrawn.code, theirs.labels.get().code}
    assert codes() == everything
    assert codes(status="superseded") == {old.code}
    assert codes(status="withdrawn") == {withdrawn.code}
    assert codes(status="valid") == {new.code, theirs.labels.get().code}
    assert codes(level="approved") == {old.code, withdrawn.code}
    assert codes(company=granting.company.business_id.replace("-", "")) == {
        old.code,
        new.code,
        withdrawn.code,
    }
    rows = {row["code"]: row for row in client.get(reverse(REGISTER)).json()["results"]}
    assert rows[old.code]["superseded_by"] == new.code
    assert rows[withdrawn.code]["withdrawn_reason"] == "Puute löytyi."
    assert client.get(reverse(REGISTER), {"status": "bogus"}).status_code == 400
    assert client.get(reverse(REGISTER), {"company": "1234567-8"}).status_code == 400


def test_the_register_reads_in_the_same_number_of_queries_for_2_and_6_labels(client, granting):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(REGISTER)).status_code == 200
        return len(queries)

    for version in ("1", "2"):
        granting(product_version=version)
    few = count_queries()
    for version in ("3", "4", "5", "6"):
        granting(product_version=version)
    assert client.get(reverse(REGISTER)).json()["count"] == 6
    assert count_queries() == few


def test_the_environments_are_public_with_their_contact(client):
    environment = factories.make_environment(
        slug="kotihoito-oulu", contact_name="Liisa Labs", capacity=3
    )
    factories.make_environment(slug="retired", is_active=False)
    body = client.get(reverse("api:labs-environment-list")).json()
    assert [row["slug"] for row in body["results"]] == [environment.slug]
    row = body["results"][0]
    assert row["capabilities"] == ["Etäseuranta", "Lääkeautomaatit"]
    assert row["capacity"] == 3
    assert row["area"] == "oulu"
    assert row["contact"]["name"] == "Liisa Labs"
    assert (
        client.get(reverse("api:labs-environment-list"), {"area": "nowhere"}).json()["count"] == 0
    )


def test_the_environments_read_in_the_same_number_of_queries_for_2_and_6_rows(client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api:labs-environment-list")).status_code == 200
        return len(queries)

    for n in range(2):
        factories.make_environment(slug=f"unit-{n}")
    few = count_queries()
    for n in range(2, 6):
        factories.make_environment(slug=f"unit-{n}")
    assert count_queries() == few


def test_valid_until_defaults_to_the_configured_years(granting, settings):
    settings.LABS_LABEL_YEARS = 2
    label = granting(when=at(2026, 3, 2))
    assert label.valid_until == datetime.date(2028, 3, 2)
