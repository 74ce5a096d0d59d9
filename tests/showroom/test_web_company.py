"""The company's pages: starting a listing, writing it in sections (what was typed is kept when
a form has to be corrected), pictures with what they show, submitting, and changing a
published listing while the public keeps reading the published version."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from showroom.lifecycle import State
from showroom.models import Category, Listing
from tests.labs import factories as labs_factories
from tests.showroom.builders import content, make_label, make_listing, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def company(make_user):
    rep = labs_factories.make_user("rep")
    company = labs_factories.make_company("Hoiva Oy", representatives=[rep])
    label = make_label(company, rep, product_name="Lääkemuistuttaja")
    return {"rep": rep, "company": company, "label": label}


def edit_url(listing, section="solution") -> str:
    return f"/en/showroom/{listing.slug}/edit/{section}/"


def test_a_representative_starts_a_listing_on_a_valid_label(client, company):
    client.force_login(company["rep"])
    page = client.get("/en/showroom/new/")
    assert page.status_code == 200
    assert company["label"].code in page.content.decode()
    response = client.post(
        "/en/showroom/new/", {"label": str(company["label"].pk), "name": "Muistaja"}
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "showroom:edit", kwargs={"slug": listing.slug, "section": "solution"}
    )
    assert listing.pending.name == "Muistaja" and listing.state == State.DRAFT


def test_the_start_keeps_the_name_when_the_product_is_not_chosen(client, company):
    client.force_login(company["rep"])
    response = client.post("/en/showroom/new/", {"label": "", "name": "Muistaja pro"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="Muistaja pro"' in text
    assert "Choose the product." in text
    assert not Listing.objects.exists()


def test_a_section_keeps_what_was_typed_when_it_must_be_corrected(client, company):
    listing = make_listing(company["label"], company["rep"])
    client.force_login(company["rep"])
    response = client.post(
        edit_url(listing, "use"),
        {
            "languages": ["fi", "sv"],
            "platforms": ["web"],
            "accessibility_notes": "Toimii ruudunlukijalla.",
            "video_url": "http://example.com/video",
            "save": "1",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "error-summary" in text
    assert "Toimii ruudunlukijalla." in text
    assert 'value="http://example.com/video"' in text
    assert re.search(r'value="sv"[^>]*checked', text)
    listing.refresh_from_db()
    assert listing.pending.accessibility_notes != "Toimii ruudunlukijalla."


def test_a_section_refuses_a_personal_identity_code_and_keeps_the_text(client, company):
    listing = make_listing(company["label"], company["rep"])
    client.force_login(company["rep"])
    text = "Asiakas 131052-308T käyttää tätä."
    response = client.post(edit_url(listing), {"name": "Muistaja", "description": text})
    assert response.status_code == 400
    assert text in response.content.decode()


def test_save_and_continue_goes_to_the_next_section(client, company):
    listing = make_listing(company["label"], company["rep"])
    client.force_login(company["rep"])
    health = Category.objects.get(code="health")
    response = client.post(
        edit_url(listing),
        {
            "name": "Muistaja",
            "summary": "Muistuttaa lääkkeistä.",
            "audience": ["residents"],
            "categories": [str(health.pk)],
            "description": "Kuvaus.",
            "continue": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/showroom/{listing.slug}/edit/use/")
    listing.refresh_from_db()
    assert listing.pending.summary == "Muistuttaa lääkkeistä."
    assert list(listing.pending.categories.all()) == [health]


def test_submitting_lists_what_is_missing_with_links_to_the_sections(client, company):
    listing = make_listing(company["label"], company["rep"], how_to_get="")
    client.force_login(company["rep"])
    page = client.get(edit_url(listing)).content.decode()
    assert f'href="/en/showroom/{listing.slug}/edit/getting/#id_how_to_get"' in page
    response = client.post(f"/en/showroom/{listing.slug}/submit/")
    assert response.status_code == 400
    assert "How to get it in this county: Fill this in before submitting" in (
        response.content.decode()
    )
    listing.refresh_from_db()
    assert listing.state == State.DRAFT


def test_a_complete_listing_is_submitted_for_review(client, company):
    listing = make_listing(company["label"], company["rep"])
    client.force_login(company["rep"])
    response = client.post(f"/en/showroom/{listing.slug}/submit/")
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.state == State.IN_REVIEW
    mine = client.get("/en/showroom/mine/").content.decode()
    assert "In review" in mine


def test_pictures_are_added_described_and_removed(client, company):
    listing = make_listing(company["label"], company["rep"])
    client.force_login(company["rep"])
    url = edit_url(listing, "images")
    # A picture without a description is not taken, and the description typed is kept.
    response = client.post(url, {"add": "1", "alt_text": "", "file": png()})
    assert response.status_code == 400
    assert "Describe the picture for those who cannot see it." in response.content.decode()
    response = client.post(url, {"add": "1", "alt_text": "Laite keittiön pöydällä", "file": ""})
    assert response.status_code == 400
    assert 'value="Laite keittiön pöydällä"' in response.content.decode()
    assert (
        client.post(
            url, {"add": "1", "alt_text": "Laite keittiön pöydällä", "file": png()}
        ).status_code
        == 302
    )
    image = listing.pending.images.get()
    assert image.alt_text == "Laite keittiön pöydällä"
    page = client.get(url).content.decode()
    assert f'src="/en/showroom/images/{image.token}/" alt="Laite keittiön pöydällä"' in page
    # The company sees its draft's picture; the public does not.
    assert client.get(f"/showroom/images/{image.token}/").status_code == 200
    response = client.post(url, {"image": image.pk, "describe": "1", "alt_text": "Uusi kuvaus"})
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Uusi kuvaus"
    client.logout()
    assert client.get(f"/showroom/images/{image.token}/").status_code == 404
    client.force_login(company["rep"])
    assert client.post(url, {"image": image.pk, "remove": "1"}).status_code == 302
    assert not listing.pending.images.exists()


def test_a_change_leaves_the_published_version_public_until_it_is_published(
    client, company, make_user
):
    editor = make_user("editor@example.fi", role="showroom_editor", stakeholder="professional")
    listing = make_listing(company["label"], company["rep"], state="published", editor=editor)
    client.force_login(company["rep"])
    form = client.get(edit_url(listing)).content.decode()
    assert content()["summary"] in form  # the change starts from the published text
    published = listing.published
    response = client.post(
        edit_url(listing),
        {
            "name": published.name,
            "summary": "Uusi.",
            "audience": published.audience,
            "categories": [str(c.pk) for c in published.categories.all()],
            "description": published.description,
        },
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.pending.summary == "Uusi." and listing.published.summary != "Uusi."
    client.logout()
    public = client.get(f"/en/showroom/{listing.slug}/").content.decode()
    assert content()["summary"] in public and "Uusi." not in public
    client.force_login(company["rep"])
    assert client.post(f"/en/showroom/{listing.slug}/submit/").status_code == 302
    listing.refresh_from_db()
    assert listing.change_in_review
    # While it is reviewed it cannot be changed.
    assert client.get(edit_url(listing)).status_code == 409


def test_a_returned_change_shows_the_editors_message_to_the_company(client, company, make_user):
    editor = make_user("editor@example.fi", role="showroom_editor", stakeholder="professional")
    listing = make_listing(
        company["label"], company["rep"], state="published", editor=editor, change="returned"
    )
    client.force_login(company["rep"])
    page = client.get(edit_url(listing)).content.decode()
    assert "The editors returned this with a message:" in page
    assert "Tarkenna." in page
    mine = client.get("/en/showroom/mine/").content.decode()
    assert "Returned to you with a message." in mine
