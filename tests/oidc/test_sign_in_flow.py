"""Sign-in with OpenID Connect, end to end against a real provider on loopback.

The site runs on pytest-django's live server; a real HTTP client follows every redirect between
it and the provider (oidc-provider, started once for the module), through the provider's own
login and consent pages.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.cache import cache

from popsote.accounts.models import User
from popsote.accounts.oidc_config import oidc_apps
from popsote.taxonomy.models import StakeholderGroup
from tests.accounts.markup import accessibility_problems, parse
from tests.factories import PASSWORD, make_person
from tests.oidc.loopback import LoopbackProvider

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = {
    "aino": {"email": "aino@example.fi", "email_verified": True, "name": "Aino Asukas"},
    "owner": {"email": "owner@example.fi", "email_verified": True, "name": "Olli Owner"},
    # Someone whose record at the provider carries the owner's address, unverified.
    "mallory": {"email": "owner@example.fi", "email_verified": False, "name": "Mallory"},
    # The same, from a provider that sends the claim as a string.
    "mallory-string": {"email": "owner@example.fi", "email_verified": "false"},
    "sanna": {"email": "sanna@hyvaks.fi", "email_verified": True, "name": "Sanna Staff"},
}
SECRETS = {"suomifi": "suomifi-client-secret", "staff": "staff-directory-client-secret"}


@pytest.fixture(scope="module")
def provider(live_server):
    callbacks = {
        name: [
            f"{live_server.url}{prefix}/accounts/oidc/{name}/login/callback/"
            for prefix in ("", "/sv", "/en")
        ]
        for name in SECRETS
    }
    server = LoopbackProvider(
        clients=[
            {
                "client_id": f"popsote-{name}",
                "client_secret": secret,
                "redirect_uris": callbacks[name],
            }
            for name, secret in SECRETS.items()
        ],
        people=PEOPLE,
    )
    yield server
    server.stop()


@pytest.fixture
def site(provider, live_server, reference_data, settings):
    """The site configured, as OIDC_PROVIDERS would, with the provider as two providers."""
    entries = [
        {
            "id": "suomifi",
            "name": "Suomi.fi",
            "issuer": provider.issuer,
            "client_id": "popsote-suomifi",
            "secret": SECRETS["suomifi"],
        },
        {
            "id": "staff",
            "name": "Staff directory",
            "issuer": provider.issuer,
            "client_id": "popsote-staff",
            "secret": SECRETS["staff"],
            "stakeholder_group": "professional",
        },
    ]
    import json

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": oidc_apps(json.dumps(entries))}
    }
    # The live server speaks plain HTTP.
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    cache.clear()
    return live_server.url


def form_fields(form) -> dict[str, str]:
    fields = {}
    for field in form.iter():
        if field.tag == "input" and field.get("name") and field.get("type") != "submit":
            fields[field.get("name")] = field.get("value") or ""
    return fields


def start_sign_in(browser: requests.Session, site: str, provider_id: str) -> str:
    """Press the provider's button on the sign-in page; the address the site sends one to."""
    page = browser.get(f"{site}/en/accounts/login/")
    assert page.status_code == 200
    (form,) = [
        form
        for form in parse(page.text).find_all("form")
        if f"/oidc/{provider_id}/login/" in (form.get("action") or "")
    ]
    response = browser.post(
        urljoin(page.url, form.get("action")),
        data=form_fields(form),
        headers={"Referer": page.url},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def at_the_provider(browser: requests.Session, authorization_url: str, login: str):
    """Sign in on the provider's page, consent, and follow it back to the site."""
    response = browser.get(authorization_url)
    for prompt in ("login", "consent"):
        (form,) = parse(response.text).find_all("form")
        data = form_fields(form)
        assert data.get("prompt") == prompt, response.text
        if prompt == "login":
            data.update(login=login, password="any password")
        response = browser.post(urljoin(response.url, form.get("action")), data=data)
    return response


def sign_in(site: str, provider_id: str, login: str, browser=None):
    browser = browser or requests.Session()
    response = at_the_provider(browser, start_sign_in(browser, site, provider_id), login)
    return browser, response


def signed_in_as(browser: requests.Session, site: str) -> str | None:
    """Whom the site takes this browser for (the e-mail address), or None when signed out."""
    if browser.get(f"{site}/en/accounts/profile/", allow_redirects=False).status_code != 200:
        return None
    session = SessionStore(session_key=browser.cookies.get("sessionid"))
    return User.objects.get(pk=session[SESSION_KEY]).email


def test_it_sends_the_authorization_request_with_pkce(site, provider):
    location = start_sign_in(requests.Session(), site, "suomifi")

    url = urlparse(location)
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}" == provider.issuer
    assert query["client_id"] == ["popsote-suomifi"]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest
    assert set(query["scope"][0].split()) >= {"openid", "email"}
    assert query["redirect_uri"] == [f"{site}/en/accounts/oidc/suomifi/login/callback/"]


def test_it_makes_an_account_after_asking_how_the_person_takes_part(site):
    browser, response = sign_in(site, "suomifi", "aino")

    assert urlparse(response.url).path == "/en/accounts/3rdparty/signup/"
    page = parse(response.text)
    assert accessibility_problems(page) == []
    assert page.find("h1").text == "Finish creating your account"
    assert "Suomi.fi" in page.find("main").text
    (form,) = page.find("main").find_all("form")
    data = form_fields(form)
    assert data["email"] == "aino@example.fi"
    assert data["name"] == "Aino Asukas"
    assert not User.objects.filter(email="aino@example.fi").exists()

    data.update(
        stakeholder_group=str(StakeholderGroup.objects.get(code="resident").pk),
        preferred_language="sv",
    )
    browser.post(urljoin(response.url, form.get("action")), data=data)

    assert signed_in_as(browser, site) == "aino@example.fi"
    user = User.objects.get(email="aino@example.fi")
    assert user.stakeholder_group.code == "resident"
    assert user.name == "Aino Asukas"
    assert user.preferred_language == "sv"
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
    assert SocialAccount.objects.get(user=user).uid == "aino"

    # A second sign-in, from another browser, comes back to the same account.
    again, response = sign_in(site, "suomifi", "aino")
    assert signed_in_as(again, site) == "aino@example.fi"
    assert User.objects.filter(email="aino@example.fi").count() == 1
    assert SocialAccount.objects.count() == 1


def test_it_asks_again_when_the_sign_up_page_lacks_how_the_person_takes_part(site):
    browser, response = sign_in(site, "suomifi", "aino")
    (form,) = parse(response.text).find("main").find_all("form")

    again = browser.post(urljoin(response.url, form.get("action")), data=form_fields(form))

    page = parse(again.text)
    assert accessibility_problems(page) == []
    assert page.find("select", name="stakeholder_group").get("aria-invalid") == "true"
    assert signed_in_as(browser, site) is None
    assert not User.objects.filter(email="aino@example.fi").exists()


def test_it_signs_staff_in_without_the_page_when_their_provider_names_the_group(site):
    browser, response = sign_in(site, "staff", "sanna")

    assert urlparse(response.url).path == "/en/"
    assert signed_in_as(browser, site) == "sanna@hyvaks.fi"
    user = User.objects.get(email="sanna@hyvaks.fi")
    assert user.stakeholder_group.code == "professional"
    assert user.name == "Sanna Staff"
    assert user.preferred_language == "en"
    assert EmailAddress.objects.get(user=user).verified


def test_it_links_an_account_whose_address_both_sides_have_verified(site):
    owner = make_person("owner@example.fi")

    browser, _ = sign_in(site, "suomifi", "owner")

    assert signed_in_as(browser, site) == "owner@example.fi"
    assert SocialAccount.objects.get(uid="owner").user == owner
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the account's own sign-in still works


@pytest.mark.parametrize("login", ["mallory", "mallory-string"])
def test_it_never_lets_an_unverified_address_from_the_provider_take_over_an_account(site, login):
    owner = make_person("owner@example.fi")

    browser, response = sign_in(site, "suomifi", login)
    assert signed_in_as(browser, site) is None
    # Nor by completing the sign-up page with that address.
    (form,) = parse(response.text).find("main").find_all("form")
    data = form_fields(form)
    assert data["email"] == "owner@example.fi"
    data["stakeholder_group"] = str(StakeholderGroup.objects.get(code="resident").pk)
    data["preferred_language"] = "fi"
    mail.outbox.clear()
    refused = browser.post(urljoin(response.url, form.get("action")), data=data)

    # As an ordinary sign-up with a taken address: the page tells nothing, the owner hears.
    assert "Verify Your Email Address" in parse(refused.text).find("main").text
    (message,) = mail.outbox
    assert message.to == ["owner@example.fi"]
    assert message.subject == "[popsote] Tili on jo olemassa"  # in the owner's language

    assert signed_in_as(browser, site) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_it_does_not_link_an_account_whose_own_address_was_never_confirmed(site):
    # Someone registered the address here without owning it; its owner comes with Suomi.fi.
    squatter = make_person("owner@example.fi")
    EmailAddress.objects.filter(user=squatter).update(verified=False)

    browser, _ = sign_in(site, "suomifi", "owner")

    assert signed_in_as(browser, site) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
