"""OIDC_PROVIDERS: read at start-up, refused with a message that says what to fix."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from popsote.accounts.oidc_config import oidc_apps
from tests.accounts.markup import parse

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SUOMIFI = {
    "id": "suomifi",
    "name": "Suomi.fi",
    "issuer": "https://tunnistus.suomi.fi/oidc",
    "client_id": "popsote",
    "secret": "s3cret",
}


def test_it_reads_no_providers_from_an_empty_variable():
    assert oidc_apps("") == []


def test_it_turns_each_provider_into_an_allauth_app_with_pkce():
    (app,) = oidc_apps(json.dumps([{**SUOMIFI, "stakeholder_group": "resident"}]))

    assert app["provider_id"] == "suomifi"
    assert app["name"] == "Suomi.fi"
    assert app["client_id"] == "popsote"
    assert app["secret"] == "s3cret"
    assert app["settings"] == {
        "server_url": "https://tunnistus.suomi.fi/oidc",
        "oauth_pkce_enabled": True,
        "stakeholder_group": "resident",
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "OIDC_PROVIDERS is not valid JSON"),
        (json.dumps(SUOMIFI), "must be a JSON list"),
        (json.dumps([{**SUOMIFI, "secret": ""}]), "provider 1: 'secret' must be a non-empty"),
        (json.dumps([{**SUOMIFI, "issuer": "http://idp.example.fi"}]), "must be an https://"),
        (json.dumps([{k: v for k, v in SUOMIFI.items() if k != "issuer"}]), "'issuer'"),
        (json.dumps([{**SUOMIFI, "clientid": "x"}]), "unknown key(s) clientid"),
        (json.dumps([{**SUOMIFI, "id": "Suomi.fi"}]), "lower-case letters"),
        (json.dumps([{**SUOMIFI, "scope": ["openid"]}]), "must include 'openid' and 'email'"),
        (json.dumps([SUOMIFI, SUOMIFI]), "the id 'suomifi' is used twice"),
    ],
)
def test_it_refuses_a_mistake_with_a_message_that_says_what_to_fix(value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        oidc_apps(value)


def test_the_site_does_not_start_with_a_broken_configuration():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={**os.environ, "OIDC_PROVIDERS": json.dumps([{**SUOMIFI, "issuer": ""}])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: OIDC_PROVIDERS, provider 1: 'issuer'" in result.stderr


@pytest.mark.django_db
def test_the_sign_in_page_shows_a_button_for_each_configured_provider(client, settings):
    staff = {**SUOMIFI, "id": "staff", "name": "Staff directory"}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": oidc_apps(json.dumps([SUOMIFI, staff]))}
    }

    for path in ("/en/accounts/login/", "/en/accounts/signup/"):
        section = parse(client.get(path).content).find("section", class_="signin-providers")
        buttons = [
            (form.get("method"), form.get("action"), form.find("button").text)
            for form in section.find_all("form")
        ]
        # In the order of their names, as allauth lists them.
        assert buttons == [
            (
                "post",
                "/en/accounts/oidc/staff/login/?process=login",
                "Sign in with Staff directory",
            ),
            ("post", "/en/accounts/oidc/suomifi/login/?process=login", "Sign in with Suomi.fi"),
        ]


@pytest.mark.django_db
def test_the_sign_in_page_shows_nothing_of_providers_when_none_is_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}

    page = parse(client.get("/en/accounts/login/").content)

    assert page.find(class_="signin-providers") is None
    assert "oidc" not in client.get("/en/accounts/login/").content.decode()
