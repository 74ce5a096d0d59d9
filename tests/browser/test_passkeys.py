"""A resident adds a passkey in their account and then signs in with it as the second factor.

Chromium's virtual authenticator (Chrome DevTools Protocol, ``WebAuthn`` domain) stands in for
the security key or the phone: it answers the browser's WebAuthn calls as a real one would,
with the person already verified. The journey runs in English so that it reads allauth's
labels as they are.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.test_account_journey import expect_signed_in, label
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "pia.passkey@example.fi"
KEY_NAME = "Work laptop"


@pytest.fixture
def authenticator(page):
    """A virtual platform authenticator with resident keys and user verification, attached to
    the page's browser context; yields the CDP session and the authenticator's id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    yield cdp, added["authenticatorId"]
    cdp.send("WebAuthn.disable")


def sign_in_with_password(page) -> None:
    page.goto("/en/accounts/login/")
    form = page.get_by_role("main")
    form.get_by_label(label("Email")).fill(EMAIL)
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_role("button", name=re.compile("^sign in$", re.I)).click()


def test_a_resident_adds_a_passkey_and_signs_in_with_it_as_the_second_factor(
    page, make_user, authenticator
):
    # No MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN (on only with DEBUG): the live server is on
    # http://localhost, which Chromium counts as a secure context and allauth's origin check
    # accepts, so the origin is verified here as it is on the real site.
    cdp, authenticator_id = authenticator
    user = make_user(EMAIL)

    sign_in_with_password(page)
    expect_signed_in(page)

    # Adding a second factor asks for the password again first.
    page.goto("/en/accounts/2fa/webauthn/add/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Confirm Access")).to_be_visible()
    main.get_by_label(label("Password")).fill(PASSWORD)
    main.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    main.get_by_label(label("Name")).fill(KEY_NAME)
    main.get_by_role("button", name="Add").click()

    # The first second factor comes with recovery codes; the key is listed among the
    # person's security keys.
    expect(page.get_by_text("Security key added.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    key = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == KEY_NAME
    page.goto("/en/accounts/2fa/webauthn/")
    expect(page.get_by_role("main").get_by_text(KEY_NAME)).to_be_visible()

    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    # The password alone is no longer enough: the site asks for the second factor.
    sign_in_with_password(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)

    page.get_by_role("main").get_by_role("button", name="Use a security key").click()

    expect_signed_in(page)
    key.refresh_from_db()
    assert key.last_used_at is not None
