"""Creating an account: the extra details, the confirmation e-mail, and sign-in after it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from popsote.accounts.models import User
from popsote.taxonomy.models import Area, StakeholderGroup
from tests.accounts.markup import parse
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    return {
        "email": "aino@example.fi",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "Aino Asukas",
        "stakeholder_group": StakeholderGroup.objects.get(code="professional").pk,
        "organisation": "Oulun kaupunki",
        "area": Area.objects.get(code="koillismaa").pk,
        "preferred_language": "sv",
        **overrides,
    }


def confirmation_link(message) -> str:
    match = re.search(
        r"https?://testserver(/(?:sv/|en/)?accounts/confirm-email/\S+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def selected_value(select) -> str:
    (option,) = [option for option in select.find_all("option") if "selected" in option.attrs]
    return option.get("value")


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_stores_the_details_given_at_sign_up(client):
    response = client.post("/accounts/signup/", signup_data())

    assert response.status_code == 302
    user = User.objects.get(email="aino@example.fi")
    assert user.name == "Aino Asukas"
    assert user.stakeholder_group.code == "professional"
    assert user.organisation == "Oulun kaupunki"
    assert user.area.code == "koillismaa"
    assert user.preferred_language == "sv"
    assert user.check_password(PASSWORD)


def test_it_links_the_confirmation_to_the_site_address_whatever_the_host_header(client, settings):
    settings.SITE_URL = "https://kehitys.example.fi"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]

    client.post("/accounts/signup/", signup_data(), headers={"host": "localhost:9999"})

    (message,) = mail.outbox
    assert re.search(r"https://kehitys\.example\.fi/sv/accounts/confirm-email/\S+/", message.body)
    assert "localhost" not in message.body
    assert "kehitys.example.fi" in message.body  # the site named as allauth names it


def test_it_sends_a_confirmation_link_in_the_chosen_language(client):
    client.post("/accounts/signup/", signup_data(preferred_language="sv"))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aino@example.fi"]
    assert message.subject == "[popsote] Vänligen bekräfta din epost-adress"
    # The link opens the confirmation page in the language of the e-mail.
    assert confirmation_link(message).startswith("/sv/accounts/confirm-email/")


def test_it_does_not_sign_in_before_the_address_is_confirmed(client):
    response = client.post("/accounts/signup/", signup_data(), follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert not is_signed_in(client)
    assert not EmailAddress.objects.get(email="aino@example.fi").verified

    client.get("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": "aino@example.fi", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert not is_signed_in(client)


def test_it_signs_in_after_the_link_is_confirmed(client):
    client.post("/accounts/signup/", signup_data(preferred_language="fi"))
    link = confirmation_link(mail.outbox[0])

    # Opening the link only asks; a mail scanner following links confirms nothing.
    response = client.get(link)
    assert response.status_code == 200
    assert not EmailAddress.objects.get(email="aino@example.fi").verified

    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="aino@example.fi").verified
    assert is_signed_in(client)
    assert client.session["_auth_user_id"] == str(User.objects.get(email="aino@example.fi").pk)


def test_it_confirms_a_link_opened_in_another_browser_and_then_lets_them_sign_in(client):
    client.post("/accounts/signup/", signup_data())
    link = confirmation_link(mail.outbox[0])
    client.cookies.clear()

    client.post(link)
    response = client.post("/accounts/login/", {"login": "aino@example.fi", "password": PASSWORD})

    assert response.status_code == 302
    assert is_signed_in(client)


def test_it_keeps_what_was_typed_and_names_the_field_with_an_error(client):
    data = signup_data(password2="something-else-entirely")

    response = client.post("/en/accounts/signup/", data)

    assert response.status_code == 200
    assert not User.objects.filter(email="aino@example.fi").exists()
    page = parse(response.content)
    assert page.by_id("id_email").get("value") == "aino@example.fi"
    assert page.by_id("id_name").get("value") == "Aino Asukas"
    assert page.by_id("id_organisation").get("value") == "Oulun kaupunki"
    assert selected_value(page.by_id("id_stakeholder_group")) == str(data["stakeholder_group"])
    assert selected_value(page.by_id("id_preferred_language")) == "sv"
    summary = page.find(class_="error-summary")
    assert "Password (again)" in summary.text
    assert summary.find("a", href="#id_password2") is not None
    assert page.by_id("id_password2").get("aria-invalid") == "true"


def test_it_requires_a_stakeholder_group(client):
    response = client.post("/en/accounts/signup/", signup_data(stakeholder_group=""))

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "I take part as" in parse(response.content).find(class_="error-summary").text


def test_it_does_not_offer_retired_stakeholder_groups(client):
    StakeholderGroup.objects.filter(code="student").update(is_active=False)
    student = StakeholderGroup.objects.get(code="student")

    response = client.post("/accounts/signup/", signup_data(stakeholder_group=student.pk))

    assert response.status_code == 200
    assert not User.objects.exists()
