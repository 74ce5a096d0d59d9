"""Two-step verification with allauth: an authenticator app set up and asked for, recovery
codes, the admin's sign-in, and the password asked again before changes to the account."""

import pytest
from allauth.mfa.models import Authenticator

from tests.accounts.markup import parse
from tests.accounts.mfa_helpers import (
    give_totp,
    is_signed_in,
    password_sign_in,
    recovery_codes,
    totp_code,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def activate_totp(client) -> str:
    """Set up an authenticator app as a signed-in person does; returns the secret shown."""
    response = client.get("/en/accounts/2fa/totp/activate/")
    # Setting up a second factor asks for the password once more.
    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/reauthenticate/")
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    page = parse(client.get("/en/accounts/2fa/totp/activate/").content)
    secret = page.find("input", id="authenticator_secret").get("value")
    assert page.find("main").find("img").get("alt")

    wrong = client.post("/en/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "aria-invalid" in wrong.content.decode()

    response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    return secret


@pytest.mark.parametrize("person", ["coordinator", "resident"])
def test_it_sets_up_an_authenticator_app_and_asks_for_its_code_at_the_next_sign_in(
    client, request, person, staff_mfa_required
):
    user = request.getfixturevalue(person)
    assert password_sign_in(client, user).status_code == 302
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # Recovery codes come with the first second factor.
    assert len(recovery_codes(user)) == 10
    client.post("/en/accounts/logout/")

    response = password_sign_in(client, user)
    assert response.status_code == 302
    assert response.url == "/en/accounts/2fa/authenticate/"
    assert not is_signed_in(client)
    assert client.post(response.url, {"code": "123456"}).status_code == 200
    assert not is_signed_in(client)

    response = client.post(response.url, {"code": totp_code(secret, step=1)})

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_code_once_used_signs_nobody_in_again(client, resident):
    secret = give_totp(resident)
    code = totp_code(secret)
    password_sign_in(client, resident)
    assert client.post("/en/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    client.post("/en/accounts/logout/")

    password_sign_in(client, resident)
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_each_recovery_code_works_once(client, resident):
    give_totp(resident)
    first, second = recovery_codes(resident)[:2]

    password_sign_in(client, resident)
    assert client.post("/en/accounts/2fa/authenticate/", {"code": first}).status_code == 302
    assert is_signed_in(client)
    client.post("/en/accounts/logout/")

    password_sign_in(client, resident)
    again = client.post("/en/accounts/2fa/authenticate/", {"code": first})
    assert again.status_code == 200
    assert not is_signed_in(client)
    assert client.post("/en/accounts/2fa/authenticate/", {"code": second}).status_code == 302
    assert is_signed_in(client)
    assert first not in recovery_codes(resident)
    assert second not in recovery_codes(resident)


def test_the_admin_sign_in_form_takes_no_password(client, coordinator):
    response = client.post(
        "/en/admin/login/?next=/en/admin/", {"username": coordinator.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/?next=")
    assert not is_signed_in(client)


def test_the_admin_is_reached_through_the_sites_sign_in_and_its_second_factor(
    client, coordinator, staff_mfa_required
):
    secret = give_totp(coordinator)
    response = client.get("/en/admin/")
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    sign_in_url = response.url
    assert sign_in_url.startswith("/en/accounts/login/")

    response = client.post(sign_in_url, {"login": coordinator.email, "password": PASSWORD})
    assert response.url == "/en/accounts/2fa/authenticate/"
    response = client.post(response.url, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response.url == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


def test_a_coordinator_without_a_second_factor_is_sent_from_the_admin_to_set_one_up(
    client_for, coordinator, staff_mfa_required
):
    response = client_for(coordinator).get("/en/admin/")

    assert response.status_code == 302
    assert response.url == "/en/accounts/2fa/"


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/en/accounts/email/", {"action_add": "", "email": "new@example.fi"}),
        ("get", "/en/accounts/2fa/totp/activate/", {}),
        ("post", "/en/accounts/2fa/totp/deactivate/", {}),
        ("get", "/en/accounts/2fa/recovery-codes/generate/", {}),
    ],
)
def test_it_asks_for_the_password_again_before_a_change_to_how_one_signs_in(
    client, resident, method, path, data
):
    password_sign_in(client, resident)
    if "deactivate" in path or "recovery" in path:
        secret = give_totp(resident)
        client.post("/en/accounts/logout/")
        password_sign_in(client, resident)
        client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert is_signed_in(client)

    response = getattr(client, method)(path, data)

    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/reauthenticate/") or response.url.startswith(
        "/en/accounts/2fa/reauthenticate/"
    )
    assert not resident.emailaddress_set.filter(email="new@example.fi").exists()


def test_a_new_password_needs_the_current_one(client, resident):
    password_sign_in(client, resident)

    response = client.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": "not-it",
            "password1": "a-new-long-pass-9",
            "password2": "a-new-long-pass-9",
        },
    )

    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
