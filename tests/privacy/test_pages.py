"""The privacy notice and the accessibility statement, in every site language."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.accounts.markup import accessibility_problems, parse

pytestmark = pytest.mark.django_db

HEADINGS = {
    "privacy:notice": {
        "fi": "Tietosuojaseloste",
        "sv": "Dataskyddsbeskrivning",
        "en": "Privacy notice",
    },
    "privacy:accessibility": {
        "fi": "Saavutettavuusseloste",
        "sv": "Tillgänglighetsutlåtande",
        "en": "Accessibility statement",
    },
}


def _get(client, name: str, language: str):
    with translation.override(language):
        url = reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    return url, parse(response.content.decode())


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("name", sorted(HEADINGS))
def test_it_renders_in_each_language_with_landmarks_and_a_heading(client, name, language):
    url, page = _get(client, name, language)
    assert page.find("html").get("lang") == language
    assert page.find("main") is not None and page.find("footer") is not None
    assert [h.text for h in page.find_all("h1")] == [HEADINGS[name][language]]
    assert accessibility_problems(page) == []
    # Linked from the footer of every page, marked as the current one here.
    footer_link = page.find("footer").find("a", href=url)
    assert footer_link is not None and footer_link.get("aria-current") == "page"


@override_settings(
    ACCESSIBILITY_FEEDBACK_EMAIL="palaute@hyvinvointialue.example",
    PRIVACY_CONTROLLER_NAME="Testin hyvinvointialue",
)
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_statement_gives_the_feedback_channel_and_the_supervisory_authority(client, language):
    _url, page = _get(client, "privacy:accessibility", language)
    main = page.find("main")
    assert main.find("a", href="mailto:palaute@hyvinvointialue.example") is not None
    assert main.find("a", href="mailto:saavutettavuus@traficom.fi") is not None
    assert "Traficom" in main.text and "WCAG 2.1" in main.text
    assert "Testin hyvinvointialue" in main.text


@override_settings(
    PRIVACY_CONTACT_EMAIL="dpo@hyvinvointialue.example", PRIVACY_SUBMITTER_EMAIL_DAYS=45
)
def test_the_notice_names_the_controllers_contact_and_the_configured_times(client):
    _url, page = _get(client, "privacy:notice", "en")
    main = page.find("main")
    assert main.find("a", href="mailto:dpo@hyvinvointialue.example") is not None
    assert "erased 45 days after" in main.text


def test_the_account_pages_link_to_the_download_and_the_deletion(client_for, resident):
    page = parse(client_for(resident).get(reverse("profile")).content.decode())
    nav = page.find("nav", class_="account-nav")
    assert nav.find("a", href=reverse("privacy:download")) is not None
    assert nav.find("a", href=reverse("privacy:delete")) is not None


def test_the_deletion_page_is_accessible(client_for, resident):
    page = parse(client_for(resident).get(reverse("privacy:delete")).content.decode())
    assert accessibility_problems(page) == []
