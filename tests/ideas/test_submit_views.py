"""The submission form at /suggestions/new/, signed in and out: guidance, what is pre-filled,
keeping what was typed, the personal data guard, spam defences and what follows a submit."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from stdnum.fi import hetu

from ideas.models import Attachment, Challenge, Suggestion
from ideas.models.suggestion import token_hash
from ideas.ratelimits import SUGGESTIONS_PER_ADDRESS, SUGGESTIONS_PER_PERSON
from ideas.views import submit as submit_views
from ideas.views.submit import SESSION_SUBMITTED
from popsote.taxonomy.models import (
    Area,
    ServiceArea,
    StakeholderGroup,
    StrategyTheme,
    SuggestionKind,
)
from tests.accounts.markup import accessibility_problems, parse
from tests.ideas.test_attachments import jpeg_with_gps, pdf

# The English form, so that the tests read the source strings; the Finnish one (the default
# language) has no prefix.
NEW = "/en/suggestions/new/"
FINNISH_NEW = "/suggestions/new/"
SWEDISH_NEW = "/sv/suggestions/new/"
SITE_URL = "https://kehitys.example.fi"
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


@pytest.fixture(autouse=True)
def fresh_state(settings, tmp_path, no_indexing):
    cache.clear()  # rate limits
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE_URL
    yield
    cache.clear()


def form_data(**overrides) -> dict:
    data = {
        "title": "Iltavastaanotto terveysasemalle",
        "description": "Töissä käyvät eivät ehdi terveysasemalle virka-aikana.",
        "proposed_solution": "Kaksi iltaa viikossa auki.",
        "beneficiaries": "Työssäkäyvät",
        "kind": SuggestionKind.objects.get(code="idea").pk,
        "area": Area.objects.get(code="lakeus").pk,
        "service_area": ServiceArea.objects.get(code="health-medical").pk,
        "stakeholder_group": StakeholderGroup.objects.get(code="resident").pk,
        "themes": [StrategyTheme.objects.get(code="for-people").pk],
        "language": "fi",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def identity_code(sign="A") -> str:
    date, individual = "150607", "412"
    code = f"{date}{sign}{individual}{CHECK_CHARACTERS[int(date + individual) % 31]}"
    assert hetu.is_valid(code)
    return code


def submit_form(page):
    return page.find("form", class_="submit-form")


def field_value(page, name: str) -> str | None:
    """The value the form would send for ``name``, as the page shows it."""
    for element in submit_form(page).iter():
        if element.get("name") == name:
            if element.tag == "textarea":
                return element.text
            if element.tag == "select":
                chosen = [o for o in element.find_all("option") if "selected" in o.attrs]
                return chosen[0].get("value") if chosen else None
            if element.get("type") in {"radio", "checkbox"}:
                if "checked" in element.attrs:
                    return element.get("value")
                continue
            return element.get("value")
    return None


# --- The empty form -------------------------------------------------------------------------


def test_it_shows_the_form_signed_out_with_guidance_and_no_signed_in_fields(client, db):
    response = client.get(NEW)
    page = parse(response.content)
    main = page.find("main")

    assert response.status_code == 200
    assert accessibility_problems(page) == []
    assert "Do not write patient or client details" in main.text
    assert page.by_id("id_email").get("autocomplete") == "email"
    assert page.by_id("id_on_behalf") is None
    assert page.by_id("id_show_submitter_name") is None
    assert submit_form(page).get("enctype") == "multipart/form-data"
    assert "multiple" in page.by_id("id_attachments").attrs


@pytest.mark.parametrize(("address", "language"), [(FINNISH_NEW, "fi"), (SWEDISH_NEW, "sv")])
def test_it_shows_the_guidance_in_the_language_of_the_page(client, db, address, language):
    source = "Do not write patient or client details."
    with translation.override(language):
        translated = gettext(source)

    page = parse(client.get(address).content)

    assert translated != source
    assert page.find("html").get("lang") == language
    assert translated in page.find("main").text
    assert source not in page.find("main").text


def test_it_prefills_the_signed_in_persons_group_area_and_the_page_language(client, make_user):
    person = make_user(
        "nurse2@example.fi", stakeholder="professional", area=Area.objects.get(code="koillismaa")
    )
    client.force_login(person)

    page = parse(client.get(SWEDISH_NEW).content)

    professional = StakeholderGroup.objects.get(code="professional")
    assert field_value(page, "stakeholder_group") == str(professional.pk)
    assert field_value(page, "area") == str(Area.objects.get(code="koillismaa").pk)
    assert field_value(page, "language") == "sv"
    assert page.by_id("id_on_behalf") is not None
    assert page.by_id("id_show_submitter_name") is not None
    assert accessibility_problems(page) == []


def test_it_offers_only_open_challenges_and_preselects_the_one_it_came_from(client, db):
    now = timezone.now()
    open_one = Challenge.objects.create(
        title="Digiapu", slug="digiapu", description="…", deadline=now + timezone.timedelta(days=9)
    )
    Challenge.objects.create(
        title="Vanha haaste",
        slug="vanha",
        description="…",
        opens_at=now - timezone.timedelta(days=60),
        deadline=now - timezone.timedelta(days=1),
    )

    page = parse(client.get(f"{NEW}?challenge=digiapu").content)
    closed_page = parse(client.get(f"{NEW}?challenge=vanha").content)

    options = [o.text for o in page.by_id("id_challenge").find_all("option")]
    assert "Digiapu" in options
    assert "Vanha haaste" not in options
    assert field_value(page, "challenge") == str(open_one.pk)
    assert "no longer takes suggestions" in closed_page.find("main").text


def test_it_leaves_a_live_region_for_similar_suggestions_after_title_and_description(client, db):
    page = parse(client.get(NEW).content)
    region = page.by_id("similar-suggestions")
    fields = [e.get("id") for e in submit_form(page).iter() if e.get("id")]

    assert region.get("aria-live") == "polite"
    assert region.get("hx-get") == reverse("ideas:similar")
    assert region.get("hx-include") == "#id_title, #id_description"
    assert "from:#id_title" in region.get("hx-trigger")
    assert "from:#id_description" in region.get("hx-trigger")
    assert fields.index("id_description") < fields.index("similar-suggestions")
    assert fields.index("similar-suggestions") < fields.index("id_proposed_solution")


def test_it_hides_the_honeypot_from_people_and_screen_readers(client, db):
    page = parse(client.get(NEW).content)
    trap = page.by_id("id_homepage")

    assert trap.get("tabindex") == "-1"
    assert trap.get("autocomplete") == "off"
    wrapper = trap.parent
    assert wrapper.get("aria-hidden") == "true"
    assert wrapper.has("class", "visually-hidden")
    assert "Leave this field empty" in wrapper.find("label").text


# --- Sending --------------------------------------------------------------------------------


def test_it_takes_a_signed_in_person_to_the_new_suggestion_with_its_reference(client, resident):
    client.force_login(resident)

    response = client.post(NEW, form_data(show_submitter_name="on"))

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == suggestion.get_absolute_url()
    assert suggestion.submitter == resident
    assert suggestion.show_submitter_name
    assert suggestion.area.code == "lakeus"
    assert [t.code for t in suggestion.themes.all()] == ["for-people"]
    (message,) = get_messages(response.wsgi_request)
    assert suggestion.reference in str(message)


def test_it_shows_a_signed_out_submitter_the_reference_and_tracking_link_once(client, db):
    response = client.post(NEW, form_data(email="maija@example.fi"))
    suggestion = Suggestion.objects.get()

    assert response.status_code == 302
    assert response["Location"] == f"{NEW}?sent=1"
    thanks = client.get(response["Location"])
    again = client.get(response["Location"])

    assert thanks.status_code == 200
    text = thanks.content.decode()
    token = re.search(rf"{SITE_URL}/en/track/([\w-]+)/", text).group(1)
    assert suggestion.reference in text
    assert suggestion.tracking_token_hash == token_hash(token)
    assert "e-mail address given" in text
    assert thanks["Cache-Control"] == "private, no-store"
    assert thanks["Referrer-Policy"] == "strict-origin"  # the origin only, never the token
    assert 'name="robots" content="noindex' in text
    assert accessibility_problems(parse(text)) == []
    # Once only: the token leaves the session when shown, and never travels in an address.
    assert SESSION_SUBMITTED not in client.session
    assert again.status_code == 302
    assert token not in again["Location"]
    assert client.get(f"/en/track/{token}/").status_code == 200


def test_it_shows_the_thank_you_page_in_the_language_of_the_form(client, db):
    response = client.post(SWEDISH_NEW, form_data())

    assert response["Location"] == f"{SWEDISH_NEW}?sent=1"
    assert "/sv/track/" in client.get(response["Location"]).content.decode()


def test_it_lets_a_contact_person_enter_a_suggestion_on_behalf_with_the_channel(
    client, professional, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(professional)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW, form_data(on_behalf="on", channel="event", email="asukas@example.fi")
        )

    suggestion = Suggestion.objects.get()
    assert (suggestion.entered_by, suggestion.submitter) == (professional, None)
    assert suggestion.channel == "event"
    thanks = client.get(response["Location"]).content.decode()
    assert "Give the link" in thanks
    (mail,) = mailoutbox
    assert mail.to == ["asukas@example.fi"]
    assert f"{SITE_URL}/en/track/" in mail.body


def test_it_links_the_tracking_mail_to_the_site_address_whatever_the_host_header(
    db, client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    # An allowed host with a port of the client's choosing: the link must not follow it.
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW, form_data(email="maija@example.fi"), headers={"host": "localhost:9999"}
        )
    thanks = client.get(response["Location"], headers={"host": "localhost:9999"})

    (mail,) = mailoutbox
    links = re.findall(r"https?://[^\s\"<>]+/track/[\w-]+/", mail.body + thanks.content.decode())
    assert len(links) >= 2
    assert all(link.startswith(f"{SITE_URL}/en/track/") for link in links), links
    assert "localhost:9999" not in mail.body


def test_it_asks_a_contact_person_for_the_channel(client, professional):
    client.force_login(professional)

    response = client.post(NEW, form_data(on_behalf="on", channel=""))

    page = parse(response.content)
    assert response.status_code == 200
    assert "Choose how the suggestion reached you" in page.by_id("id_channel_error").text
    assert not Suggestion.objects.exists()


def test_it_stores_the_attachments_sent_with_the_form(client, db):
    photo = ("photo.jpg", jpeg_with_gps(), "image/jpeg")
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(*photo), SimpleUploadedFile("minutes.pdf", pdf())]

    response = client.post(NEW, {**form_data(), "attachments": files})

    assert response.status_code == 302
    stored = Attachment.objects.order_by("id")
    assert [a.content_type for a in stored] == ["image/jpeg", "application/pdf"]


# --- Keeping what was typed -----------------------------------------------------------------


def test_it_keeps_everything_typed_and_names_the_missing_fields(client, db):
    response = client.post(NEW, form_data(title="", kind=None, email="maija@example.fi"))
    page = parse(response.content)

    assert response.status_code == 200
    summary = page.find(class_="error-summary")
    assert summary.get("role") == "alert"
    links = {a.get("href"): a.text for a in summary.find_all("a")}
    assert "#id_title" in links
    assert "#id_kind" in links
    assert links["#id_title"].startswith("Title")
    assert page.by_id("id_title").get("aria-invalid") == "true"
    assert "id_title_error" in page.by_id("id_title").get("aria-describedby")
    assert field_value(page, "description") == form_data()["description"]
    assert field_value(page, "proposed_solution") == "Kaksi iltaa viikossa auki."
    assert field_value(page, "area") == str(Area.objects.get(code="lakeus").pk)
    assert field_value(page, "themes") == str(StrategyTheme.objects.get(code="for-people").pk)
    assert field_value(page, "email") == "maija@example.fi"
    assert accessibility_problems(page) == []
    assert not Suggestion.objects.exists()


def test_it_says_chosen_files_must_be_chosen_again_after_an_error(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        NEW, {**form_data(title=""), "attachments": [SimpleUploadedFile("a.pdf", pdf())]}
    )

    assert "choose your attachments again" in response.content.decode()
    assert parse(response.content).by_id("files-lost") is not None
    assert not Attachment.objects.exists()


def test_it_names_the_attachment_that_is_not_a_picture_or_pdf(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("cat.jpg", b"<html>", content_type="image/jpeg")

    response = client.post(NEW, {**form_data(), "attachments": [bad]})

    page = parse(response.content)
    assert "cat.jpg" in page.by_id("id_attachments_error").text
    assert field_value(page, "title") == form_data()["title"]
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("field", ["title", "description", "proposed_solution", "beneficiaries"])
def test_it_refuses_an_identity_code_naming_the_field_and_why(client, db, field):
    text = f"Asiakkaan {identity_code(sign='E')} jonotus kesti liian kauan."

    response = client.post(NEW, form_data(**{field: text}))

    page = parse(response.content)
    error = page.by_id(f"id_{field}_error").text
    assert response.status_code == 200
    assert "personal identity code" in error
    assert "must not be written" in error
    assert field_value(page, field).strip() == text  # kept, so it can be fixed in place
    assert not Suggestion.objects.exists()


def test_it_accepts_an_identity_code_look_alike_with_a_wrong_check_character(client, db):
    code = identity_code(sign="U")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")

    response = client.post(NEW, form_data(description=f"Lomake {wrong} on sekava."))

    assert response.status_code == 302
    assert Suggestion.objects.count() == 1


def test_it_shows_the_services_refusal_on_the_field_it_names(client, db, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"challenge": "This challenge no longer takes suggestions."})

    monkeypatch.setattr(submit_views, "suggestion_submit", refuse)

    page = parse(client.post(NEW, form_data()).content)

    assert "no longer takes" in page.by_id("id_challenge_error").text


# --- Spam -----------------------------------------------------------------------------------


def test_it_silently_shows_success_without_saving_when_the_honeypot_is_filled(client, db):
    response = client.post(NEW, form_data(homepage="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == f"{NEW}?sent=1"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "/track/" in thanks.content.decode()
    assert not Suggestion.objects.exists()


def test_it_limits_signed_out_submissions_per_address_keeping_what_was_typed(client, db):
    for _ in range(SUGGESTIONS_PER_ADDRESS.limit):
        assert client.post(NEW, form_data(), REMOTE_ADDR="192.0.2.1").status_code == 302

    refused = client.post(NEW, form_data(title="Kuudes ehdotus"), REMOTE_ADDR="192.0.2.1")
    elsewhere = client.post(NEW, form_data(), REMOTE_ADDR="192.0.2.2")

    page = parse(refused.content)
    assert refused.status_code == 429
    assert "wait a while" in page.find(class_="error-summary").text
    assert field_value(page, "title") == "Kuudes ehdotus"
    assert elsewhere.status_code == 302
    assert Suggestion.objects.count() == SUGGESTIONS_PER_ADDRESS.limit + 1


def test_it_limits_signed_in_submissions_per_person(client, resident, other_resident):
    client.force_login(resident)
    for _ in range(SUGGESTIONS_PER_PERSON.limit):
        assert client.post(NEW, form_data()).status_code == 302

    refused = client.post(NEW, form_data())
    client.force_login(other_resident)
    other = client.post(NEW, form_data())

    assert refused.status_code == 429
    assert other.status_code == 302
    assert Suggestion.objects.filter(submitter=resident).count() == SUGGESTIONS_PER_PERSON.limit


def test_it_does_not_count_a_form_with_errors_against_the_limit(client, db):
    for _ in range(SUGGESTIONS_PER_ADDRESS.limit + 2):
        client.post(NEW, form_data(title=""))

    assert client.post(NEW, form_data()).status_code == 302
