"""axe on the Labs pages of companies and of the labs staff, in Finnish and Swedish: the
company's registration (also with its errors shown), its page, the guided application's
sections, the application page (a draft, and one whose draft evaluation awaits the company's
reply), the list of applications and the printable evaluation report; the staff's queue and
forms."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from labs.lifecycle import State
from popsote.accounts import roles
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in
from tests.labs import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["product", "evidence", "regulation", "data", "quality", "test", "attachments"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def labs(reference_data, make_user):
    rep = make_user("rep@example.fi", stakeholder="company", name="Pia Product")
    staff = make_user("staff@example.fi", role=roles.LABS_STAFF, stakeholder="professional")
    company = factories.make_company("Muistaja Oy", representatives=[rep])
    factories.make_environment()
    draft = factories.make_application(company, rep, answered=False)
    shared = factories.advance(
        factories.make_application(company, rep),
        State.EVALUATED,
        company_user=rep,
        staff=staff,
        share=True,
    )
    planning = factories.advance(
        factories.make_application(company, rep), State.ACCEPTED, company_user=rep, staff=staff
    )
    reporting = factories.advance(
        factories.make_application(company, rep), State.REPORTING, company_user=rep, staff=staff
    )
    screening = factories.advance(
        factories.make_application(company, rep), State.SCREENING, company_user=rep, staff=staff
    )
    newcomer = make_user("newcomer@example.fi", stakeholder="company")
    return {
        "rep": rep,
        "staff": staff,
        "newcomer": newcomer,
        "draft": draft,
        "shared": shared,
        "planning": planning,
        "reporting": reporting,
        "screening": screening,
    }


def check(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, (path, response.status)
    assert_accessible(page)


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_the_company_pages_are_accessible(page, live_server, labs, prefix):
    sign_in(page, live_server, labs["newcomer"])
    check(page, f"{prefix}/labs/company/")
    # The registration's errors: the summary and the fields tied to their messages.
    page.locator("#id_business_id").fill("1234567-0")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, labs["rep"])
    draft, shared = labs["draft"], labs["shared"]
    check(page, f"{prefix}/labs/company/")
    check(page, f"{prefix}/labs/apply/")
    for section in SECTIONS:
        check(page, f"{prefix}/labs/applications/{draft.pk}/edit/{section}/")
    check(page, f"{prefix}/labs/applications/{draft.pk}/")
    check(page, f"{prefix}/labs/applications/{shared.pk}/")
    expect(page.locator("#reply")).to_be_visible()
    check(page, f"{prefix}/labs/applications/")
    check(page, f"{prefix}/labs/applications/{shared.pk}/evaluation-report/")


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_the_labs_staff_pages_are_accessible(page, live_server, labs, prefix):
    sign_in(page, live_server, labs["staff"])
    check(page, f"{prefix}/labs/staff/")
    check(page, f"{prefix}/labs/applications/{labs['screening'].pk}/")
    check(page, f"{prefix}/labs/applications/{labs['screening'].pk}/screening/")
    check(page, f"{prefix}/labs/applications/{labs['planning'].pk}/plan/")
    reporting = labs["reporting"].pk
    check(page, f"{prefix}/labs/applications/{reporting}/report/")
    check(page, f"{prefix}/labs/applications/{reporting}/evaluation/")
    page.locator("#id_no_conflict").check()
    page.locator("button[name=declare]").click()
    expect(page.locator("#id_recommendation")).to_be_visible()
    assert_accessible(page)
    check(page, f"{prefix}/labs/applications/{labs['shared'].pk}/decision/")
