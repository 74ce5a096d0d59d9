"""The guided application at /labs/apply/: a draft saved section by section, questions that do
not apply answered with a reason from the fixed list, attachments checked as suggestion
attachments are, needs linked by reference, and submitting once everything is answered."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.lifecycle import State
from labs.models import Application
from tests.factories import submit
from tests.labs import factories
from tests.labs.web_states import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rep(make_user):
    return make_user("rep@example.fi", name="Riitta Rep", stakeholder="company")


@pytest.fixture
def company(rep):
    return factories.make_company("Hoiva Oy", representatives=[rep])


def edit_url(application, section):
    return reverse("labs:edit", kwargs={"pk": application.pk, "section": section})


def start(client, rep) -> Application:
    client.force_login(rep)
    response = client.post(reverse("labs:apply"))
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == edit_url(application, "product")
    return application


def test_signed_out_people_are_told_how_to_apply(client):
    response = client.get(reverse("labs:apply"))
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_it_saves_a_half_filled_section_as_a_draft_and_goes_on(client, rep, company):
    application = start(client, rep)
    response = client.post(
        edit_url(application, "product"),
        {"product_name": "Lääkemuistuttaja", "product_version": "2.1", "continue": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url(application, "evidence")
    application.refresh_from_db()
    assert (application.product_name, application.product_version) == ("Lääkemuistuttaja", "2.1")
    assert application.state == State.DRAFT
    # Later: the draft is listed to finish, and the section shows what was saved.
    assert "Lääkemuistuttaja" in client.get(reverse("labs:apply")).content.decode()
    assert (
        'value="Lääkemuistuttaja"' in client.get(edit_url(application, "product")).content.decode()
    )


def test_a_question_that_does_not_apply_takes_a_reason_from_the_list(client, rep, company):
    application = start(client, rep)
    page = client.get(edit_url(application, "regulation")).content.decode()
    assert 'name="ce_certificate__not_applicable"' in page
    assert "The product is not a medical device" in page
    response = client.post(
        edit_url(application, "regulation"),
        {
            "regulatory_status": "not_medical_device",
            "ce_certificate__not_applicable": "not_a_medical_device",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.not_applicable == {"ce_certificate": "not_a_medical_device"}
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Does not apply: The product is not a medical device" in page


def test_a_reason_outside_the_list_is_refused(client, rep, company):
    application = start(client, rep)
    response = client.post(
        edit_url(application, "regulation"), {"ce_certificate__not_applicable": "because"}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.not_applicable == {}


def test_an_answer_and_a_reason_together_are_refused_and_what_was_typed_is_kept(
    client, rep, company
):
    application = start(client, rep)
    response = client.post(
        edit_url(application, "data"),
        {
            "personal_data": "health",
            "data_storage": "Suomessa, omalla palvelimella",
            "data_storage__not_applicable": "no_personal_data",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Either answer the question or choose why it does not apply" in page
    assert "Suomessa, omalla palvelimella" in page
    assert re.search(r'value="health"[^>]*checked', page)
    application.refresh_from_db()
    assert application.data_storage == ""


def test_it_saves_reasons_of_other_sections_unchanged(client, rep, company):
    application = start(client, rep)
    client.post(
        edit_url(application, "regulation"),
        {"ce_certificate__not_applicable": "not_a_medical_device"},
    )
    client.post(edit_url(application, "data"), {"dpia__not_applicable": "will_be_provided_later"})
    application.refresh_from_db()
    assert application.not_applicable == {
        "ce_certificate": "not_a_medical_device",
        "dpia": "will_be_provided_later",
    }


def test_it_links_public_suggestions_by_reference_and_refuses_private_ones(client, rep, company):
    public = submit(title="Lääkkeet unohtuvat").suggestion
    private = submit(title="Yksityinen", is_private=True).suggestion
    application = start(client, rep)
    refused = client.post(edit_url(application, "test"), {"needs": private.reference})
    assert refused.status_code == 400
    assert "No public suggestion has the reference" in refused.content.decode()
    accepted = client.post(edit_url(application, "test"), {"needs": f"{public.reference}, "})
    assert accepted.status_code == 302
    assert list(application.needs.all()) == [public]
    page = client.get(application.get_absolute_url()).content.decode()
    assert reverse("ideas:detail", kwargs={"reference": public.reference}) in page


def test_attachments_are_checked_and_served_only_to_who_may_see_them(
    client, rep, company, make_user
):
    application = start(client, rep)
    refused = client.post(
        edit_url(application, "attachments"),
        {
            "attachments": [
                SimpleUploadedFile("fake.pdf", b"<html>", content_type="application/pdf")
            ]
        },
    )
    assert refused.status_code == 400
    assert "not a picture" in refused.content.decode()
    saved = client.post(edit_url(application, "attachments"), {"attachments": [png("scan.png")]})
    assert saved.status_code == 302
    attachment = application.attachments.get()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    other = make_user("other-rep@example.fi")
    factories.make_company("Kilpailija Oy", representatives=[other])
    client.force_login(other)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_submitting_an_unfinished_draft_lists_what_is_missing(client, rep, company):
    application = start(client, rep)
    client.post(edit_url(application, "product"), {"product_name": "Lääkemuistuttaja"})
    response = client.post(reverse("labs:submit", kwargs={"pk": application.pk}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "could not be submitted" in page
    assert edit_url(application, "product") + "#id_product_version" in page
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_a_complete_draft_is_submitted_and_can_no_longer_be_edited(client, rep, company):
    application = factories.make_application(company, rep)
    client.force_login(rep)
    response = client.post(reverse("labs:submit", kwargs={"pk": application.pk}))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert client.get(edit_url(application, "product")).status_code == 409
    again = client.post(edit_url(application, "product"), {"product_name": "Muu"})
    assert again.status_code == 409
    application.refresh_from_db()
    assert application.product_name == "Lääkemuistuttaja"
    # Submitting twice is the one refusal page, and changes nothing.
    assert client.post(reverse("labs:submit", kwargs={"pk": application.pk})).status_code == 409


def test_the_company_withdraws_after_confirming(client, rep, company):
    application = factories.make_application(company, rep)
    client.force_login(rep)
    client.post(reverse("labs:submit", kwargs={"pk": application.pk}))
    url = reverse("labs:withdraw", kwargs={"pk": application.pk})
    asked = client.post(url)
    assert asked.status_code == 200
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert client.post(url, {"confirm": "yes"}).status_code == 409
