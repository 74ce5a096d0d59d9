"""Security headers on every response, and the language each kind of response speaks."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

PATHS = ["/", "/sv/", "/accounts/login/", "/api/v1/taxonomy/", "/api/v1/docs/", "/healthz"]


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy as ``{directive: sources}``."""
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(None, 1) for part in header.split(";"))


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("path", PATHS)
def test_it_sends_security_headers_on_every_response(client, settings, path):
    settings.REDIS_URL = ""

    response = client.get(path)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    directives = policy(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_it_sends_security_headers_on_error_pages_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [(None, "fi"), ("sv", "sv"), ("en-GB,en;q=0.8", "en"), ("de", "fi")],
)
def test_it_answers_the_api_in_the_language_of_accept_language(client, accept_language, language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}

    response = client.get("/api/v1/taxonomy/", **headers)

    assert response["Content-Language"] == language
    # A shared cache must keep the languages apart.
    assert "Accept-Language" in response["Vary"]


def test_it_answers_the_api_in_the_language_a_person_chose_over_accept_language(client):
    client.cookies["popsote_language"] = "sv"

    response = client.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "sv"


def test_it_keeps_unprefixed_pages_finnish_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv")

    assert response.status_code == 200
    assert response["Content-Language"] == "fi"
    assert html_lang(response) == "fi"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_serves_pages_under_a_language_prefix_in_that_language(client, language):
    response = client.get(f"/{language}/", HTTP_ACCEPT_LANGUAGE="fi")

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert html_lang(response) == language
