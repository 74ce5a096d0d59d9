"""POST /api/v1/suggestions/: anyone submits, through the same service as the form."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from ideas.models import Suggestion, SuggestionEvent, token_hash
from popsote.core.site import absolute_url
from tests.ideas.test_api_helpers import IDENTITY_CODE, api, open_challenge, url

pytestmark = pytest.mark.django_db


VALID = {
    "title": "Iltakäynnit kotihoitoon",
    "description": "Kotihoito ei ehdi käydä iltaisin.",
    "kind": "need",
    "area": "oulu",
    "service_area": "older-people",
    "stakeholder_group": "resident",
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    # Submissions are throttled per address in the cache; each test starts at zero.
    cache.clear()
    yield
    cache.clear()


def test_it_takes_a_signed_out_suggestion_and_gives_a_tracking_link():
    response = api().post(
        url("list"),
        {
            **VALID,
            "email": "Anna@Example.fi",
            "benefit": "Ikäihmiset ja omaiset.",
            "proposed_solution": "Iltavuoro.",
            "theme": ["for-people", "boldly-new"],
            "language": "fi",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    suggestion = Suggestion.objects.get(reference=body["reference"])
    token = body["tracking_token"]
    assert body == {
        "reference": suggestion.reference,
        "state": "received",
        "url": f"http://testserver/en/suggestions/{suggestion.reference}/",
        "tracking_token": token,
        "tracking_url": absolute_url(reverse("ideas:track", kwargs={"token": token})),
    }
    assert response["Location"] == "http://testserver" + url("detail", suggestion.reference)
    assert suggestion.tracking_token_hash == token_hash(token)
    assert suggestion.submitter is None
    assert suggestion.submitter_email == "anna@example.fi"
    assert suggestion.beneficiaries == "Ikäihmiset ja omaiset."
    assert suggestion.proposed_solution == "Iltavuoro."
    assert sorted(suggestion.themes.values_list("code", flat=True)) == [
        "boldly-new",
        "for-people",
    ]
    assert SuggestionEvent.objects.filter(suggestion=suggestion, action="submit").count() == 1


def test_it_mails_the_tracking_link_to_a_signed_out_submitter(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = api().post(url("list"), {**VALID, "email": "anna@example.fi"}, format="json").json()

    (message,) = mailoutbox
    assert message.to == ["anna@example.fi"]
    assert body["reference"] in message.body
    assert body["tracking_url"] in message.body


def test_it_records_a_token_authenticated_submitter_without_a_tracking_link(resident):
    response = api(resident, token=True).post(
        url("list"), {**VALID, "theme": "best-professionals"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["tracking_token"], body["tracking_url"]) == (None, None)
    suggestion = Suggestion.objects.get(reference=body["reference"])
    assert suggestion.submitter == resident
    assert suggestion.tracking_token_hash is None
    assert list(suggestion.themes.values_list("code", flat=True)) == ["best-professionals"]


def test_it_takes_the_signed_in_persons_own_stakeholder_group_when_left_out(professional):
    fields = {name: value for name, value in VALID.items() if name != "stakeholder_group"}

    response = api(professional, token=True).post(url("list"), fields, format="json")

    assert response.status_code == 201
    suggestion = Suggestion.objects.get(reference=response.json()["reference"])
    assert suggestion.stakeholder_group.code == "professional"


def test_it_requires_a_stakeholder_group_when_signed_out():
    fields = {name: value for name, value in VALID.items() if name != "stakeholder_group"}

    response = api().post(url("list"), fields, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["stakeholder_group"]


def test_it_takes_a_browser_session_but_only_with_the_csrf_token(resident):
    browser = api(resident, enforce_csrf_checks=True)

    refused = browser.post(url("list"), VALID, format="json")
    browser.get(reverse("profile"))  # a page with a form hands out the CSRF cookie
    csrf_token = browser.cookies["csrftoken"].value
    accepted = browser.post(url("list"), VALID, format="json", HTTP_X_CSRFTOKEN=csrf_token)

    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert Suggestion.objects.filter(submitter=resident).count() == 1


def test_it_names_each_field_that_needs_attention_and_stores_nothing():
    response = api().post(
        url("list"),
        {**VALID, "title": "", "kind": "no-such-kind", "email": "not-an-address", "theme": ["x"]},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    # A code inside the list of themes is named by its place in the list.
    assert set(body["fields"]) == {"title", "kind", "email", "theme.0"}
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("field", ["title", "description", "proposed_solution", "benefit"])
def test_it_refuses_a_personal_identity_code_naming_the_field(field):
    fields = {**VALID, field: f"Asiakas {IDENTITY_CODE} odotti kaksi tuntia."}

    response = api().post(url("list"), fields, format="json")

    assert response.status_code == 400
    (message,) = response.json()["fields"][field]
    assert "henkilötunnus" in message
    assert not Suggestion.objects.exists()


def test_it_refuses_a_closed_challenge_and_names_it():
    closed = open_challenge(days=-1)

    response = api().post(url("list"), {**VALID, "challenge": closed.slug}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["challenge"]
    assert not Suggestion.objects.exists()


def test_it_takes_an_open_challenge_and_a_private_suggestion(resident):
    challenge = open_challenge()

    response = api(resident, token=True).post(
        url("list"), {**VALID, "challenge": challenge.slug, "is_private": True}, format="json"
    )

    assert response.status_code == 201
    suggestion = Suggestion.objects.get(reference=response.json()["reference"])
    assert (suggestion.challenge, suggestion.is_private) == (challenge, True)
    assert api().get(url("detail", suggestion.reference)).status_code == 404


def test_it_records_a_contact_persons_entry_on_someones_behalf(professional):
    response = api(professional, token=True).post(
        url("list"),
        {**VALID, "on_behalf": True, "channel": "phone", "email": "asukas@example.fi"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["tracking_token"]
    suggestion = Suggestion.objects.get(reference=response.json()["reference"])
    assert (suggestion.submitter, suggestion.entered_by, suggestion.channel) == (
        None,
        professional,
        "phone",
    )
    assert suggestion.submitter_email == "asukas@example.fi"


def test_it_refuses_on_behalf_entries_from_signed_out_people():
    response = api().post(url("list"), {**VALID, "on_behalf": True}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["channel"]


def test_it_takes_form_encoded_input_with_repeated_themes():
    response = api().post(url("list"), {**VALID, "theme": ["for-people", "boldly-new"]})

    assert response.status_code == 201
    suggestion = Suggestion.objects.get(reference=response.json()["reference"])
    assert suggestion.themes.count() == 2


def test_it_defaults_the_language_of_the_text_to_accept_language():
    response = api().post(url("list"), VALID, format="json", HTTP_ACCEPT_LANGUAGE="sv")

    assert Suggestion.objects.get(reference=response.json()["reference"]).language == "sv"


def test_it_answers_errors_in_the_language_of_accept_language():
    swedish = api().post(url("list"), {}, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    finnish = api().post(url("list"), {}, format="json", HTTP_ACCEPT_LANGUAGE="fi")

    assert swedish.json()["fields"]["title"] == ["Det här fältet är obligatoriskt."]
    assert finnish.json()["fields"]["title"] == ["Tämä kenttä vaaditaan."]


def test_it_throttles_submissions_from_one_address_at_ten_an_hour():
    client = api()
    # Refused submissions count too: a flood of bad requests is still a flood.
    # Nor does a made-up forwarded address: only the trusted proxy's header counts.
    statuses = [
        client.post(url("list"), {}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(10)
    ]

    throttled = client.post(url("list"), VALID, format="json")

    assert statuses == [400] * 10
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0
    assert not Suggestion.objects.exists()
    # Reading is not throttled.
    assert client.get(url("list")).status_code == 200


def test_it_throttles_each_signed_in_person_separately(resident, other_resident):
    for _ in range(10):
        api(resident, token=True).post(url("list"), {}, format="json")

    assert api(resident, token=True).post(url("list"), VALID, format="json").status_code == 429
    assert (
        api(other_resident, token=True).post(url("list"), VALID, format="json").status_code == 201
    )
