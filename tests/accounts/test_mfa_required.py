"""Staff roles must have a second factor before they work as staff; everybody else need not.

The matrix: each role, with and without an authenticator, over a page and an API endpoint of
its own work (signed in with the session). Staff without one are sent to set it up, and the
API says so in a 403; the public pages, signing out and the setup itself stay open."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.accounts.mfa_helpers import is_signed_in

pytestmark = pytest.mark.django_db

SETUP = "/en/accounts/2fa/"

# role fixture → (a page of its work, an API endpoint of its work, must it have a second factor)
WORK = {
    "resident": ("/en/suggestions/mine/", "/api/v1/notifications/", False),
    "professional": ("/en/suggestions/mine/", "/api/v1/notifications/", False),
    "member": ("/en/groups/oulu/queue/", "/api/v1/groups/oulu/queue/", True),
    "coordinator": ("/en/triage/", "/api/v1/groups/", True),
    "labs_staff": ("/en/labs/staff/", "/api/v1/labs/applications/", True),
    "showroom_editor": ("/en/showroom/review/", "/api/v1/showroom/solutions/", True),
}


@pytest.fixture(autouse=True)
def required(staff_mfa_required):
    pass


@pytest.mark.parametrize("with_factor", [True, False], ids=["with-mfa", "without-mfa"])
@pytest.mark.parametrize("role", list(WORK))
def test_staff_work_needs_a_second_factor_and_nothing_else_does(
    client_for, request, role, with_factor
):
    user = request.getfixturevalue(role)
    if with_factor:
        TOTP.activate(user, generate_totp_secret())
    page, api, must = WORK[role]
    client = client_for(user)

    page_response = client.get(page)
    api_response = client.get(api, HTTP_ACCEPT_LANGUAGE="en")

    if must and not with_factor:
        assert page_response.status_code == 302
        assert page_response.url == SETUP
        assert api_response.status_code == 403
        assert api_response.json()["code"] == "mfa_required"
        assert "http://testserver/en/accounts/2fa/" in api_response.json()["detail"]
    else:
        assert page_response.status_code == 200
        assert api_response.status_code == 200


def test_the_setup_page_says_why_and_offers_an_app_and_a_passkey(client_for, coordinator):
    client = client_for(coordinator)

    response = client.get("/en/triage/", follow=True)

    assert response.redirect_chain[-1][0] == SETUP
    text = response.content.decode()
    assert "Your role requires two-step verification" in text
    assert 'href="/en/accounts/2fa/totp/activate/"' in text
    assert 'href="/en/accounts/2fa/webauthn/add/"' in text


def test_staff_without_a_second_factor_see_the_public_pages_as_everybody_does(client_for, member):
    client = client_for(member)

    response = client.get("/en/suggestions/")

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "Your role requires two-step verification" in response.content.decode()
    # Still signed in: the person's own session is untouched.
    assert is_signed_in(client)


def test_staff_without_a_second_factor_can_still_sign_out(client_for, coordinator):
    client = client_for(coordinator)

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert not is_signed_in(client)


def test_a_staff_write_is_refused_too(client_for, member):
    response = client_for(member).post("/api/v1/groups/oulu/queue/", {})

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_without_the_requirement_the_development_site_lets_staff_in_with_a_password(
    client_for, coordinator, settings
):
    settings.STAFF_MFA_REQUIRED = False

    assert client_for(coordinator).get("/en/triage/").status_code == 200
