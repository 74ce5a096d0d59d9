"""The site's own error pages: in its layout and the visitor's language, with ways to go on;
a form whose token expired is offered back with what was typed."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.markup import parse
from tests.factories import make_group

pytestmark = pytest.mark.django_db

LANGUAGES = {"fi": "", "sv": "/sv", "en": "/en"}


def assert_site_page(response, language: str) -> None:
    """The page is in the site's layout, speaks ``language`` and links back to its front page."""
    page = parse(response.content)
    assert page.find("html").get("lang") == language
    assert page.find("header", class_="site-header") is not None
    assert page.find("main", id="main").find("h1") is not None
    front_page = f"{LANGUAGES[language]}/"
    assert page.find("main").find("a", href=front_page) is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_answers_a_missing_page_with_its_own_404(client, language):
    response = client.get(f"{LANGUAGES[language]}/no-such-page/")

    assert response.status_code == 404
    assert_site_page(response, language)
    assert "/accounts/login/?next=" in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_answers_a_refusal_with_its_own_403(client_for, resident, language):
    response = client_for(resident).get(f"{LANGUAGES[language]}/groups/new/")

    assert response.status_code == 403
    assert_site_page(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_answers_a_bad_request_with_its_own_400(client, language):
    response = client.get(f"{LANGUAGES[language]}/", HTTP_HOST="not-ours.example")

    assert response.status_code == 400
    assert_site_page(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_answers_a_server_error_with_its_own_500_without_the_database(monkeypatch, language):
    from popsote.taxonomy.models import StakeholderGroup

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(StakeholderGroup.objects, "active", broken)
    response = Client(raise_request_exception=False).get(f"{LANGUAGES[language]}/")

    assert response.status_code == 500
    assert_site_page(response, language)
    # Without a request the page cannot know who is signed in: it offers no account links.
    assert parse(response.content).find("details", class_="site-menu") is None


def test_it_keeps_json_errors_under_the_api(client):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


# --- Group pages ------------------------------------------------------------------------------


def test_it_answers_a_group_queue_a_non_member_asks_for_like_a_missing_one(client_for, resident):
    make_group("oulu", name="Oulun ryhmä")
    client = client_for(resident)

    existing = client.get("/en/groups/oulu/queue/")
    missing = client.get("/en/groups/nobody/queue/")

    assert existing.status_code == missing.status_code == 404
    assert_site_page(existing, "en")


# --- An expired form --------------------------------------------------------------------------

NEW_SUGGESTION = "/en/suggestions/new/"
TYPED = {
    "title": "Evening visits come too early",
    "description": "The visit is at five.\nThe evening is long.",
    "password": "not-to-be-echoed",
    "csrfmiddlewaretoken": "x" * 64,
}


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def hidden_values(response) -> dict[str, list[str]]:
    form = parse(response.content).find("form", class_="resend")
    values: dict[str, list[str]] = {}
    for field in form.find_all("input", type="hidden"):
        values.setdefault(field.get("name"), []).append(field.get("value"))
    return values


def test_it_offers_an_expired_form_back_with_what_was_typed(strict_client):
    response = strict_client.post(NEW_SUGGESTION, TYPED, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 403
    assert_site_page(response, "en")
    form = parse(response.content).find("form", class_="resend")
    assert form.get("method") == "post"
    assert form.get("action") == NEW_SUGGESTION
    values = hidden_values(response)
    assert values["title"] == [TYPED["title"]]
    assert values["description"] == [TYPED["description"]]
    assert "password" not in values
    assert "not-to-be-echoed" not in response.content.decode()
    # A fresh token, not the one that failed, matching the cookie the page sets.
    [token] = values["csrfmiddlewaretoken"]
    assert token != TYPED["csrfmiddlewaretoken"]
    assert settings.CSRF_COOKIE_NAME in response.cookies


def test_it_accepts_the_form_sent_again_with_the_fresh_token(strict_client):
    expired = strict_client.post(NEW_SUGGESTION, TYPED, HTTP_ORIGIN="http://testserver")
    values = hidden_values(expired)

    again = strict_client.post(NEW_SUGGESTION, values, HTTP_ORIGIN="http://testserver")

    assert again.status_code != 403
    assert "The form expired" not in again.content.decode()


def test_it_does_not_accept_the_offered_form_without_its_token(strict_client):
    expired = strict_client.post(NEW_SUGGESTION, TYPED, HTTP_ORIGIN="http://testserver")
    values = hidden_values(expired)
    del values["csrfmiddlewaretoken"]

    again = strict_client.post(NEW_SUGGESTION, values, HTTP_ORIGIN="http://testserver")

    assert again.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "https://elsewhere.example"}, {"HTTP_ORIGIN": "null"}, {}],
    ids=["another-site", "opaque-origin", "no-origin"],
)
def test_it_offers_nothing_back_to_a_form_from_elsewhere(strict_client, headers):
    response = strict_client.post(NEW_SUGGESTION, TYPED, **headers)

    assert response.status_code == 403
    assert parse(response.content).find("form", class_="resend") is None
    assert TYPED["title"] not in response.content.decode()


def test_it_answers_an_expired_form_in_the_visitors_language(strict_client):
    response = strict_client.post("/sv/suggestions/new/", TYPED, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 403
    assert_site_page(response, "sv")
    assert re.search(r'action="/sv/suggestions/new/"', response.content.decode())
