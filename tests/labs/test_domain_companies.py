"""Companies: a valid, unique Finnish business ID; representatives; invitations by a signed
link that expires and works only for the address it was sent to."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from labs import permissions, services
from labs.models import Company, Representative, normalise_business_id
from popsote.notifications.models import Notification
from tests.labs import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0112038-9", "0112038-9"),
        ("01120389", "0112038-9"),
        ("FI01120389", "0112038-9"),
        (" 0112038-9 ", "0112038-9"),
        ("2617416-4", "2617416-4"),
    ],
)
def test_it_stores_a_valid_business_id_in_one_form(typed, stored):
    assert normalise_business_id(typed) == stored


@pytest.mark.parametrize(
    "typed", ["0112038-8", "1234567-8", "123456-7", "abcdefg-h", "", "0112038-99"]
)
def test_it_refuses_a_business_id_whose_check_digit_or_form_is_wrong(typed):
    with pytest.raises(ValidationError):
        normalise_business_id(typed)


def test_registering_makes_the_person_its_first_representative():
    founder = factories.make_user("founder")
    company = services.company_register(
        actor=founder, name=" Alfa Health Oy ", business_id="01120389", website=""
    )
    assert (company.name, company.business_id) == ("Alfa Health Oy", "0112038-9")
    assert Representative.objects.get(user=founder).company == company
    assert permissions.company_id_of(founder) == company.pk


def test_a_business_id_is_registered_once_however_it_is_typed():
    services.company_register(actor=factories.make_user("a"), name="A", business_id="0112038-9")
    with pytest.raises(ValidationError) as refused:
        services.company_register(
            actor=factories.make_user("b"), name="B", business_id="FI 01120389"
        )
    assert "business_id" in refused.value.message_dict
    assert Company.objects.count() == 1


def test_registering_refuses_a_wrong_business_id_and_the_signed_out():
    with pytest.raises(ValidationError) as refused:
        services.company_register(actor=factories.make_user("a"), name="A", business_id="1234567-8")
    assert "business_id" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.company_register(actor=AnonymousUser(), name="A", business_id="0112038-9")


def test_one_person_represents_one_company():
    person = factories.make_user("a")
    services.company_register(actor=person, name="A", business_id="0112038-9")
    with pytest.raises(PermissionDenied):
        services.company_register(actor=person, name="B", business_id="2617416-4")


def invited(email="colleague@example.fi"):
    rep = factories.make_user("rep")
    company = factories.make_company(representatives=[rep])
    url = services.invitation_create(actor=rep, company=company, email=email)
    return company, url.rstrip("/").rsplit("/", 1)[1]


def test_an_invitation_is_mailed_to_the_address_and_lets_that_person_join():
    company, token = invited()
    mail = Notification.objects.get(kind="labs.invitation")
    assert mail.email == "colleague@example.fi"
    assert token in mail.texts["en"]["url"]
    colleague = factories.make_user("colleague")
    colleague.email = "Colleague@Example.fi"
    colleague.save()
    representative = services.invitation_accept(actor=colleague, token=token)
    assert representative.company == company
    # Opening the link again changes nothing.
    assert services.invitation_accept(actor=colleague, token=token) == representative


def test_an_invitation_works_only_for_the_invited_address():
    _company, token = invited()
    stranger = factories.make_user("stranger")
    with pytest.raises(ValidationError, match="another e-mail address"):
        services.invitation_accept(actor=stranger, token=token)
    assert not Representative.objects.filter(user=stranger).exists()


def test_an_invitation_expires_after_the_configured_days(settings):
    settings.LABS_INVITATION_DAYS = 7
    company, token = invited()
    colleague = factories.make_user("c")
    colleague.email = "colleague@example.fi"
    colleague.save()
    later = time.time() + 7 * 86400 + 60
    with (
        mock.patch("django.core.signing.time.time", return_value=later),
        pytest.raises(ValidationError, match="expired"),
    ):
        services.invitation_accept(actor=colleague, token=token)
    assert not company.representatives.filter(user=colleague).exists()


def test_a_tampered_invitation_is_refused():
    _company, token = invited()
    colleague = factories.make_user("c")
    with pytest.raises(ValidationError, match="not valid"):
        services.invitation_accept(actor=colleague, token=token[:-2] + "xx")


def test_only_a_representative_invites_to_their_company():
    company = factories.make_company()
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=factories.make_user("x"), company=company, email="a@example.fi"
        )


def test_a_representative_of_another_company_cannot_join_a_second():
    _company, token = invited("busy@example.fi")
    busy = factories.make_user("busy")
    busy.email = "busy@example.fi"
    busy.save()
    factories.make_company("Oma Oy", representatives=[busy])
    with pytest.raises(ValidationError, match="another company"):
        services.invitation_accept(actor=busy, token=token)


def test_registering_refuses_a_website_that_is_not_an_address():
    with pytest.raises(ValidationError) as refused:
        services.company_register(
            actor=factories.make_user("a"),
            name="A",
            business_id="0112038-9",
            website="javascript:alert(1)",
        )
    assert "website" in refused.value.message_dict
    assert not Company.objects.exists()


def test_invitations_are_limited_per_person():
    from labs.services.companies import INVITATIONS

    rep = factories.make_user("rep")
    company = factories.make_company(representatives=[rep])
    for n in range(INVITATIONS.limit):
        services.invitation_create(actor=rep, company=company, email=f"c{n}@example.fi")
    with pytest.raises(ValidationError, match="many invitations"):
        services.invitation_create(actor=rep, company=company, email="one-more@example.fi")
    assert Notification.objects.filter(kind="labs.invitation").count() == INVITATIONS.limit
