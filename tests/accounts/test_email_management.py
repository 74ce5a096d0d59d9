"""The e-mail addresses page (our own version of allauth's) still does what allauth's does."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.accounts.markup import parse

pytestmark = pytest.mark.django_db


def test_it_lists_the_addresses_as_a_labelled_radio_group(client_for, resident):
    page = parse(client_for(resident).get("/en/accounts/email/").content)

    fieldset = page.find("main").find("fieldset")
    assert fieldset.find("legend").text
    (radio,) = fieldset.find_all("input", type="radio")
    assert radio.get("value") == "resident@example.fi"
    assert "checked" in radio.attrs
    label = next(a for a in radio.ancestors() if a.tag == "label")
    assert label.get("for") == radio.get("id")
    assert "Verified" in label.text and "Primary" in label.text


def test_it_adds_an_address_that_must_be_confirmed(sign_in_confirmed, resident):
    client = sign_in_confirmed(resident)

    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "Riikka.Work@Example.fi"}
    )

    assert response.status_code == 302
    added = EmailAddress.objects.get(user=resident, email="riikka.work@example.fi")
    assert not added.verified
    assert mail.outbox[-1].to == ["riikka.work@example.fi"]


def test_it_makes_a_verified_address_primary_and_the_sign_in_address(sign_in_confirmed, resident):
    EmailAddress.objects.create(user=resident, email="work@example.fi", verified=True)
    client = sign_in_confirmed(resident)

    response = client.post("/accounts/email/", {"action_primary": "", "email": "work@example.fi"})

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email == "work@example.fi"


def test_it_removes_an_address(sign_in_confirmed, resident):
    EmailAddress.objects.create(user=resident, email="old@example.fi", verified=True)

    client = sign_in_confirmed(resident)

    client.post("/accounts/email/", {"action_remove": "", "email": "old@example.fi"})

    assert not EmailAddress.objects.filter(email="old@example.fi").exists()


def test_it_refuses_an_address_that_is_not_an_address(client_for, resident):
    response = client_for(resident).post(
        "/en/accounts/email/", {"action_add": "", "email": "not an address"}
    )

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find(class_="error-summary").find("a", href="#id_email") is not None
    assert EmailAddress.objects.filter(user=resident).count() == 1
