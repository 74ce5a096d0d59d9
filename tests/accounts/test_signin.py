"""Signing in and out, and e-mail addresses that differ only in case."""

import pytest
from django.core import mail
from django.db import IntegrityError

from popsote.accounts.models import User
from popsote.taxonomy.models import StakeholderGroup
from tests.accounts.markup import parse
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def aino(make_user):
    return make_user("aino@example.fi", name="Aino Asukas")


def test_it_signs_in_with_the_address_in_any_case(client, aino):
    response = client.post("/accounts/login/", {"login": "Aino@EXAMPLE.fi", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(aino.pk)


def test_it_refuses_a_wrong_password_and_says_so(client, aino):
    response = client.post("/en/accounts/login/", {"login": "aino@example.fi", "password": "nope"})

    assert response.status_code == 200
    assert not is_signed_in(client)
    assert b'role="alert"' in response.content


def test_it_refuses_a_second_account_for_the_same_address_in_another_case(client, aino):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "Aino@Example.fi",
            "password1": "another-long-passphrase-42",
            "password2": "another-long-passphrase-42",
            "stakeholder_group": StakeholderGroup.objects.get(code="company").pk,
            "preferred_language": "fi",
        },
    )

    # No new account, and the visitor is told what anyone would be told (so the page does not
    # reveal who has an account); the owner of the address is told by e-mail instead.
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact="aino@example.fi").count() == 1
    aino.refresh_from_db()
    assert aino.check_password(PASSWORD)
    assert aino.stakeholder_group.code == "resident"
    assert not is_signed_in(client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aino@example.fi"]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_it_stores_addresses_in_lower_case_and_the_database_refuses_case_twins(aino):
    user = User.objects.create_user(email="Kalle@Example.FI", password=PASSWORD)
    assert user.email == "kalle@example.fi"

    with pytest.raises(IntegrityError):
        User.objects.create(email="AINO@example.fi")


def test_it_shows_a_confirmation_page_on_get_and_keeps_the_person_signed_in(client_for, aino):
    client = client_for(aino)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert is_signed_in(client)
    assert b'action="/accounts/logout/"' in response.content


def test_it_signs_out_on_post(client_for, aino):
    client = client_for(aino)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not is_signed_in(client)


@pytest.mark.parametrize(("prefix", "front_page"), [("", "/"), ("/sv", "/sv/"), ("/en", "/en/")])
def test_it_signs_out_to_the_front_page_in_the_language_of_the_page(
    client_for, aino, prefix, front_page
):
    response = client_for(aino).post(f"{prefix}/accounts/logout/")

    assert response.status_code == 302
    assert response.url == front_page


def test_it_offers_sign_out_in_the_header_as_a_form_that_posts(client_for, aino):
    page = parse(client_for(aino).get("/").content)

    (form,) = page.find("header").find_all("form", action="/accounts/logout/")
    assert form.get("method") == "post"
    assert form.find("input", name="csrfmiddlewaretoken") is not None
