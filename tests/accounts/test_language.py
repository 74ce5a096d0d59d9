"""The language switch: the same page in the other language, remembered for the person."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def switch(client, language: str, next_url: str):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


@pytest.mark.parametrize(
    ("language", "next_url", "target"),
    [
        ("sv", "/", "/sv/"),
        ("en", "/sv/accounts/login/", "/en/accounts/login/"),
        ("fi", "/en/accounts/signup/", "/accounts/signup/"),
        ("sv", "/accounts/password/reset/?next=/x/", "/sv/accounts/password/reset/?next=/x/"),
        ("en", "http://testserver/sv/accounts/login/", "http://testserver/en/accounts/login/"),
    ],
)
def test_it_redirects_to_the_same_page_in_the_other_language(client, language, next_url, target):
    response = switch(client, language, next_url)

    assert response.status_code == 302
    assert response.url == target
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_it_remembers_the_choice_for_a_signed_in_person(client_for, resident):
    assert resident.preferred_language == "fi"

    switch(client_for(resident), "sv", "/accounts/profile/")

    resident.refresh_from_db()
    assert resident.preferred_language == "sv"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/sv/", "javascript:alert(1)"]
)
def test_it_refuses_to_send_people_to_another_site(client, next_url):
    response = switch(client, "sv", next_url)

    assert response.status_code == 302
    assert response.url == "/sv/"


def test_it_ignores_an_unknown_language(client_for, resident):
    response = switch(client_for(resident), "de", "/sv/accounts/login/")

    assert response.url == "/sv/accounts/login/"
    resident.refresh_from_db()
    assert resident.preferred_language == "fi"


def test_it_only_switches_on_post(client):
    assert client.get("/i18n/setlang/?language=sv&next=/").status_code == 405
