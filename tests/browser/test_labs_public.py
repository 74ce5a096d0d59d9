"""axe on the public Labs pages in Finnish and Swedish: the Labs page with its environments,
the label register, a verification page (valid and withdrawn) and a call to companies; and
the suggestion page's Labs panel, whose call form a handler opens with the keyboard."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideas.services import submission
from popsote.accounts import roles
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in
from tests.factories import submit
from tests.labs.public_builders import (
    make_application,
    make_call,
    make_company,
    make_environment,
    make_label,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_indexing(monkeypatch):
    monkeypatch.setattr(submission, "queue_indexing", lambda suggestion: None)


@pytest.fixture
def public_labs(reference_data):
    """Environments, a call on a public need, and labels: one valid, one withdrawn."""
    need = submit(title="Lääkemuistutus kotihoidon asiakkaille").suggestion
    oulu = make_environment(
        "oulun-kotihoito",
        name="Oulun kotihoito",
        capabilities="Lääkemuistutus\nEtäkäynti",
        contact_name="Tiina Testaaja",
        contact_email="tiina@example.fi",
        contact_phone="08 123 4567",
        availability="Arkisin",
    )
    make_environment(
        "raahe-paivystys",
        name="Raahen päivystys",
        area="rannikkoseutu",
        service_area="emergency-medical",
    )
    call = make_call([need], slug="laakemuistutus")
    company = make_company("Hoivatekniikka Oy")
    valid = make_label(
        make_application(company, needs=[need], call=call, environments=[oulu]), level="co_created"
    )
    withdrawn = make_label(
        make_application(company, product_name="Uniseuranta", product_version="1.0"),
        withdrawn_at=timezone.now(),
        withdrawn_reason="Tietoturvapuute, jota ei korjattu sovitussa ajassa.",
    )
    return {"need": need, "call": call, "valid": valid, "withdrawn": withdrawn}


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_the_public_labs_pages_are_accessible(page, public_labs, prefix):
    paths = [
        "/labs/",
        "/labs/?area=oulu",
        "/labs/?area=atlantis",  # with the filter's error summary
        "/labs/labels/",
        "/labs/labels/?status=valid",
        f"/labs/labels/{public_labs['valid'].code}/",
        f"/labs/labels/{public_labs['withdrawn'].code}/",
        "/labs/labels/OHL-AAAA-BBBB/",
        f"/labs/calls/{public_labs['call'].slug}/",
    ]
    for path in paths:
        page.goto(f"{prefix}{path}")
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)


def test_the_verification_page_shows_its_qr_code(page, public_labs):
    page.goto(f"/labs/labels/{public_labs['valid'].code}/")

    image = page.locator("img.labs-qr")
    expect(image).to_be_visible()
    # The image loaded (an SVG the browser could draw), under the site's own CSP.
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_a_handler_opens_a_call_from_the_suggestion_page_accessibly(
    page, live_server, public_labs, make_user, prefix
):
    coordinator = make_user(
        "koordinaattori@example.fi", role=roles.COORDINATOR, stakeholder="professional"
    )
    sign_in(page, live_server, coordinator)
    page.goto(f"{prefix}{public_labs['need'].get_absolute_url().removeprefix('/en')}")

    panel = page.locator("#labs")
    expect(panel.locator("a[href$='/labs/calls/laakemuistutus/']")).to_be_visible()
    summary = panel.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(panel.locator("input[name='call-deadline']")).to_be_visible()
    assert_accessible(page)
