"""Brute force is refused on every way in, counted by the real client address: behind our one
proxy, an X-Forwarded-For that the client made up does not start a new count."""

import time

import pytest

from tests.accounts.mfa_helpers import give_totp, is_signed_in, password_sign_in, totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CLIENT = "198.51.100.7"


def forged(n: int, real: str = CLIENT) -> dict:
    """What reaches the site: whatever the client wrote, then the address our proxy saw."""
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n % 250}, 10.9.{n // 250}.1, {real}"}


@pytest.fixture(autouse=True)
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def later(monkeypatch, seconds: int) -> None:
    """The clock moves on: every window shorter than ``seconds`` has passed."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + seconds)


def test_thirty_wrong_admin_passwords_are_refused_and_then_the_right_one_too(
    client, coordinator, monkeypatch
):
    sign_in = "/en/accounts/login/?next=/en/admin/"
    wrong = [
        client.post(sign_in, {"login": coordinator.email, "password": f"guess-{n}"}, **forged(n))
        for n in range(30)
    ]
    # The admin's own form takes no password at all.
    admin_form = client.post(
        "/en/admin/login/", {"username": coordinator.email, "password": PASSWORD}, **forged(31)
    )
    right = client.post(sign_in, {"login": coordinator.email, "password": PASSWORD}, **forged(32))

    texts = [response.content.decode() for response in wrong[:30] if response.status_code == 200]
    assert sum("Too many failed login attempts" in text for text in texts) >= 25
    assert all(response.status_code in {200, 429} for response in wrong)
    assert admin_form.status_code == 302 and not is_signed_in(client)
    assert right.status_code in {200, 429}
    assert not is_signed_in(client)

    later(monkeypatch, 5 * 60 + 1)
    response = client.post(sign_in, {"login": coordinator.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/en/admin/"
    assert is_signed_in(client)


def test_failed_passwords_from_one_address_are_counted_whatever_it_forwards(client, make_user):
    people = [make_user(f"person{n}@example.fi") for n in range(12)]

    statuses = []
    for n, person in enumerate(people[:11]):
        response = password_sign_in(client, person, password="wrong", **forged(n))
        statuses.append("Too many failed login attempts" in response.content.decode())
    # Another client (another address, as our proxy saw it) is not held back.
    other = password_sign_in(client, people[11], **forged(99, real="198.51.100.8"))

    assert statuses == [False] * 10 + [True]
    assert other.status_code == 302


def test_wrong_second_factor_codes_are_limited_and_then_the_right_one_too(client, resident):
    secret = give_totp(resident)
    password_sign_in(client, resident, **forged(0))

    for n in range(5):
        response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"}, **forged(n))
        assert response.status_code == 200
    right = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)}, **forged(6))

    assert right.status_code == 200
    assert not is_signed_in(client)


def test_password_reset_requests_from_one_address_are_limited(client, make_user):
    statuses = [
        client.post(
            "/en/accounts/password/reset/", {"email": f"nobody{n}@example.fi"}, **forged(n)
        ).status_code
        for n in range(21)
    ]
    other = client.post(
        "/en/accounts/password/reset/",
        {"email": "nobody@example.fi"},
        **forged(0, real="198.51.100.8"),
    )

    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert other.status_code == 302


def test_signups_from_one_address_are_limited(client):
    statuses = [
        client.post(
            "/en/accounts/signup/",
            {"email": f"new{n}@example.fi", "password1": "x", "password2": "y"},
            **forged(n),
        ).status_code
        for n in range(21)
    ]

    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
