"""A person's own details page."""

import pytest

from popsote.taxonomy.models import Area, StakeholderGroup
from tests.accounts.markup import parse

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    return {
        "name": "Riikka Resident-Rantanen",
        "show_name": "on",
        "stakeholder_group": StakeholderGroup.objects.get(code="student").pk,
        "organisation": "Oulun yliopisto",
        "area": Area.objects.get(code="oulunkaari").pk,
        "preferred_language": "en",
        **overrides,
    }


def test_it_sends_signed_out_people_to_sign_in(client):
    response = client.get("/sv/accounts/profile/")

    assert response.status_code == 302
    assert response.url == "/sv/accounts/login/?next=/sv/accounts/profile/"


def test_it_shows_the_persons_details(client_for, resident):
    page = parse(client_for(resident).get("/accounts/profile/").content)

    assert page.by_id("id_name").get("value") == "Riikka Resident"
    assert "resident@example.fi" in page.find("main").text


def test_it_saves_changed_details(client_for, resident):
    client = client_for(resident)

    response = client.post("/en/accounts/profile/", profile_data())

    assert response.status_code == 302
    assert response.url == "/en/accounts/profile/"
    resident.refresh_from_db()
    assert resident.name == "Riikka Resident-Rantanen"
    assert resident.show_name is True
    assert resident.stakeholder_group.code == "student"
    assert resident.organisation == "Oulun yliopisto"
    assert resident.area.code == "oulunkaari"
    assert resident.preferred_language == "en"
    assert b"Your details were saved." in client.get(response.url).content


def test_it_keeps_the_input_and_explains_an_error(client_for, resident):
    response = client_for(resident).post("/en/accounts/profile/", profile_data(area="999999"))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find(class_="error-summary").find("a", href="#id_area") is not None
    assert page.by_id("id_organisation").get("value") == "Oulun yliopisto"
    resident.refresh_from_db()
    assert resident.organisation == ""


def test_it_cannot_change_the_sign_in_address_or_roles(client_for, resident):
    client_for(resident).post(
        "/accounts/profile/", profile_data(email="evil@example.fi", is_staff="on")
    )

    resident.refresh_from_db()
    assert resident.email == "resident@example.fi"
    assert not resident.is_staff


def test_it_keeps_a_retired_term_the_person_already_has(client_for, resident):
    StakeholderGroup.objects.filter(code="resident").update(is_active=False)

    response = client_for(resident).post(
        "/accounts/profile/",
        profile_data(stakeholder_group=resident.stakeholder_group_id, name="Still Resident"),
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.name == "Still Resident"
    assert resident.stakeholder_group.code == "resident"


def test_it_does_not_offer_retired_terms_to_others(client_for, resident):
    StakeholderGroup.objects.filter(code="company").update(is_active=False)
    company = StakeholderGroup.objects.get(code="company")

    response = client_for(resident).post(
        "/accounts/profile/", profile_data(stakeholder_group=company.pk)
    )

    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.stakeholder_group.code == "resident"
