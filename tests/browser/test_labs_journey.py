"""A company applies for testing, the labs staff screen, plan and report the test, two
evaluators score it, the company replies to the draft evaluation, the label is granted, and
its public record says it is valid.

Everything happens in the browser, through the forms each person uses; the journey runs in
English so that it reads the same labels before and after the Finnish and Swedish catalogues
are written.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from labs.lifecycle import State
from labs.models import Application, EvaluationCriterion, Label
from popsote.accounts import roles
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in
from tests.factories import submit
from tests.labs import factories
from tests.labs.web_states import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "The missed-dose figures of the report come from version 2.1; version 2.0 had no log."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(reference_data, make_user):
    return {
        "rep": make_user("pia.product@example.fi", name="Pia Product", stakeholder="company"),
        "coordinator": make_user(
            "lauri.labs@example.fi",
            name="Lauri Labs",
            role=roles.LABS_STAFF,
            stakeholder="professional",
        ),
        "evaluators": [
            make_user(
                f"eeva{n}@example.fi",
                name=f"Eeva {n}",
                role=roles.LABS_STAFF,
                stakeholder="professional",
            )
            for n in (1, 2)
        ],
        "environment": factories.make_environment(name="Oulun kotihoito, Kaakkuri"),
        "need": submit(title="Lääkkeet unohtuvat kotihoidossa").suggestion,
    }


def label(text: str) -> re.Pattern:
    # A label may carry a "(required)" or "(optional)" marker after its text.
    return re.compile(rf"^{re.escape(text)}(\s|$)")


def become(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, user)


def button(page, name: str):
    return page.get_by_role("main").get_by_role("button", name=name, exact=True)


def save_and_continue(page) -> None:
    button(page, "Save and continue").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")


def staff_move(page, move: str, message: str = "") -> None:
    form = page.locator("form[action$='/move/']")
    form.get_by_label(label("Move")).select_option(label=move)
    if message:
        form.get_by_label(label("Public message to the company")).fill(message)
    form.get_by_role("button", name="Save the move").click()
    expect(page.get_by_role("status")).to_contain_text(f"Saved: {move}")


def test_a_company_takes_a_product_from_application_to_a_valid_label(page, live_server, cast):
    rep, coordinator = cast["rep"], cast["coordinator"]

    # The company's product manager signs in and applies: first the company, by business ID.
    become(page, live_server, rep)
    page.goto("/en/labs/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register your company")
    page.get_by_label(label("Company name")).fill("Muistaja Oy")
    page.get_by_label(label("Business ID (Y-tunnus)")).fill("0737546-3")
    button(page, "Register the company").click()
    expect(page.get_by_role("alert")).to_contain_text("not a valid Finnish business ID")
    expect(page.get_by_label(label("Company name"))).to_have_value("Muistaja Oy")
    page.get_by_label(label("Business ID (Y-tunnus)")).fill("0737546-2")
    button(page, "Register the company").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Apply for testing in OuluHealth Labs"
    )
    button(page, "Start a new application").click()

    # The guided form, section by section.
    expect(page.get_by_role("heading", level=1)).to_have_text("The product")
    assert_accessible(page)
    page.get_by_label(label("Product name")).fill("Muistaja")
    page.get_by_label(label("Version")).fill("2.1")
    page.get_by_label(label("What the product does")).fill(
        "Reminds people living at home to take their medicines."
    )
    page.get_by_label(label("Intended use")).fill("Home-care clients with several medicines.")
    page.get_by_label(label("Target users")).fill("Home-care clients and their nurses.")
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Benefit and evidence")
    page.get_by_label(label("Claimed benefit")).fill("A third fewer missed doses.")
    page.get_by_label(label("Existing evidence")).fill("A pilot with 20 users in Kempele.")
    page.get_by_label(label("Maturity (technology readiness level, TRL)")).select_option("7")
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Regulatory status")
    page.get_by_role("group", name=label("Regulatory status")).get_by_label(
        "Not a medical device"
    ).check()
    # A question that does not apply takes a reason from the list.
    page.get_by_label(label("If “CE certificate” does not apply, why not")).select_option(
        label="The product is not a medical device"
    )
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection and security")
    page.get_by_role("group", name=label("Personal data processed")).get_by_label(
        "Health data (special category)"
    ).check()
    page.get_by_label(label("Where the data is stored")).fill("Finland, the county's own servers.")
    page.get_by_label(label("Data protection impact assessment (DPIA)")).fill("Done in March 2026.")
    page.get_by_label(label("Information security self-assessment")).fill(
        "Penetration test 2026, no findings."
    )
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility and interoperability")
    page.get_by_label(label("Accessibility conformance")).fill("WCAG 2.1 AA, audited 2026.")
    page.get_by_label(label("If “Interoperability” does not apply, why not")).select_option(
        label="Not relevant for this type of product"
    )
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("The test")
    page.get_by_label(label("What is to be tested")).fill("Whether reminders work in home care.")
    page.get_by_label(label("How success would show")).fill("Missed doses fall by 30 %.")
    page.get_by_label(cast["environment"].name).check()
    page.get_by_label(label("The test could start")).fill("2027-01-10")
    page.get_by_label(label("The test should end by")).fill("2027-03-10")
    page.get_by_label(label("Public suggestions it answers")).fill(cast["need"].reference)
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Attachments")
    page.get_by_label(label("Attachments")).set_input_files(
        [{"name": "dpia.png", "mimeType": "image/png", "buffer": PNG}]
    )
    button(page, "Save and review").click()

    # The review: everything answered; submit.
    submit_panel = page.get_by_role("region", name="Finish and submit")
    expect(submit_panel).to_contain_text("Every required question is answered")
    assert_accessible(page)
    button(page, "Submit the application").click()
    expect(page.get_by_role("status")).to_contain_text("The application was sent")
    expect(page.locator(".suggestion__state")).to_contain_text("Submitted")
    application = Application.objects.get()
    path = f"/en/labs/applications/{application.pk}/"

    # The labs coordinator screens: the assessment, then accepted.
    become(page, live_server, coordinator)
    page.goto("/en/labs/staff/")
    page.get_by_role("link", name="Muistaja 2.1").click()
    staff_move(page, "Assessment of the testing need started")
    page.get_by_role("link", name="Testing-need assessment").click()
    page.get_by_label(label("Fit with the unit's practice")).fill("Fits the evening rounds.")
    page.get_by_label(label("Staff available for the test")).fill("Four nurses.")
    page.get_by_label(label("Unit that would test")).select_option(label=cast["environment"].name)
    page.get_by_label(label("Permits needed")).fill("A research permit from the county.")
    button(page, "Save the assessment").click()
    staff_move(page, "Accepted for testing", "Welcome: we test it in Kaakkuri home care.")

    # The plan, with a measurable success criterion.
    page.get_by_role("link", name="Test plan").click()
    page.get_by_label(cast["environment"].name).check()
    page.get_by_label(label("The test starts")).fill("2027-01-10")
    page.get_by_label(label("The test ends")).fill("2027-03-10")
    page.get_by_label(label("Methods")).fill("Dose log and nurse interviews.")
    page.get_by_role("group", name="Participant group 1").get_by_label(label("Role")).fill("nurse")
    page.get_by_role("group", name="Participant group 1").get_by_label(label("Number")).fill("4")
    criterion = page.get_by_role("group", name="Success criterion 1")
    criterion.get_by_label(label("Success criterion")).fill("Fewer missed doses")
    criterion.get_by_label(label("Measure and target")).fill("-30 % in eight weeks")
    button(page, "Save the test plan").click()
    staff_move(page, "Test planned")
    staff_move(page, "Test started")
    staff_move(page, "Reporting of results started")

    # The report: what was done and the result of the criterion.
    page.get_by_role("link", name="Test report").click()
    page.get_by_label(label("What was done")).fill("Eight weeks with four nurses and 18 clients.")
    result = page.get_by_role("group", name="Fewer missed doses")
    result.get_by_label("Met", exact=True).check()
    result.get_by_label(label("Result")).fill("-35 %")
    button(page, "Save the test report").click()

    # Two evaluators, each declaring no conflict of interest before scoring.
    criteria = list(EvaluationCriterion.objects.active())
    for evaluator in cast["evaluators"]:
        become(page, live_server, evaluator)
        page.goto(path)
        page.get_by_role("link", name="My evaluation").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("declaration of interests")
        page.get_by_label(label("I declare that I have no conflict of interest")).check()
        button(page, "Declare and start evaluating").click()
        for item in criteria:
            page.locator(f"#id_score_{item.code}").select_option("4")
            page.locator(f"#id_provenance_{item.code}").select_option("verified_in_test")
            page.locator(f"#id_evidence_{item.code}").fill("Seen in the test.")
        page.get_by_label(label("Recommendation"), exact=False).first.select_option("co_created")
        page.get_by_label(label("Summary (public in the evaluation report)")).fill(
            "Works as claimed."
        )
        button(page, "Submit the evaluation").click()
        expect(page.get_by_role("status")).to_contain_text("Your evaluation was submitted")

    become(page, live_server, coordinator)
    page.goto(path)
    staff_move(page, "Evaluated")
    staff_move(page, "Draft evaluation shared with the company")
    # The decision is refused while the company may still reply.
    page.get_by_role("link", name="Decision on the label").click()
    page.get_by_label("Grant the label").check()
    page.get_by_label(label("Level of the label")).select_option(label="Co-created")
    button(page, "Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("may still reply")

    # The company reads the draft evaluation and replies.
    become(page, live_server, rep)
    page.goto(path)
    expect(page.get_by_role("region", name="Draft evaluation")).to_contain_text("Evaluator 2")
    assert_accessible(page)
    page.get_by_label(label("Your reply to the draft evaluation")).fill(REPLY)
    button(page, "Send the reply").click()
    expect(page.get_by_role("status")).to_contain_text("Your reply was sent")

    # The label is granted.
    become(page, live_server, coordinator)
    page.goto(path)
    page.get_by_role("link", name="Decision on the label").click()
    page.get_by_label("Grant the label").check()
    page.get_by_label(label("Level of the label")).select_option(label="Co-created")
    button(page, "Record the decision").click()
    expect(page.locator(".suggestion__state")).to_contain_text("Label granted")
    issued = Label.objects.get()

    # The company sees its label and prints the evaluation report, its reply on it.
    become(page, live_server, rep)
    page.goto(path)
    expect(page.get_by_role("main")).to_contain_text(issued.code)
    page.get_by_role("link", name="The evaluation report, for printing").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluation report")
    expect(page.get_by_role("main")).to_contain_text(REPLY)
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    page.emulate_media(media="screen")

    # Anyone can verify the label: valid today, for this product and version, from the link
    # on the application's page; its record in the API says the same.
    page.goto(path)
    page.get_by_role("link", name="The label's public verification page").click()
    page.context.clear_cookies()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text(issued.code)
    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("Valid today")
    expect(verdict).to_contain_text("Muistaja, version 2.1, of Muistaja Oy")
    record = page.request.get(f"/api/v1/labs/labels/{issued.code}/").json()
    assert record["valid"] is True
    assert record["status"] == "valid"
    assert (record["product"], record["version"], record["level"]) == (
        "Muistaja",
        "2.1",
        "co_created",
    )

    application.refresh_from_db()
    assert application.state == State.LABEL_GRANTED
    assert application.events.filter(action="reply", public_message=REPLY).exists()
    assert application.evaluations.filter(submitted_at__isnull=False).count() == 2
