"""Every account page is one of our pages: our layout, one h1, labelled fields, big buttons."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.accounts.markup import accessibility_problems, parse

pytestmark = pytest.mark.django_db

SIGNED_OUT_PAGES = [
    "account_signup",
    "account_login",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_inactive",
]
SIGNED_IN_PAGES = [
    "account_logout",
    "account_reauthenticate",
    "account_change_password",
    "account_email",
    "profile",
]
# Pages where a person manages their account link to each other.
ACCOUNT_PAGES = ["account_change_password", "account_email", "profile"]


def url(name: str, language: str = "fi", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def assert_our_page(response):
    assert response.status_code == 200
    page = parse(response.content)
    assert accessibility_problems(page) == []
    return page


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("name", SIGNED_OUT_PAGES)
def test_it_renders_the_signed_out_pages_in_our_layout(client, name, language):
    page = assert_our_page(client.get(url(name, language)))
    assert page.find("html").get("lang") == language


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_it_renders_the_signed_in_pages_in_our_layout(client_for, resident, name):
    page = assert_our_page(client_for(resident).get(url(name)))
    if name in ACCOUNT_PAGES:
        # The pages are Finnish (no prefix), their landmarks' names too.
        with translation.override("fi"):
            account_nav = page.find("nav", aria_label=gettext("Your account"))
        assert account_nav.find("a", aria_current="page").get("href") == url(name)


def test_it_renders_the_confirmation_page_of_a_valid_and_an_expired_link(client, make_user):
    user = make_user("new@example.fi")
    address = EmailAddress.objects.get(user=user)
    address.verified = False
    address.save()
    key = EmailConfirmationHMAC(address).key
    main = assert_our_page(client.get(url("account_confirm_email", key=key))).find("main")
    form = main.find("form", method="post")
    # The page signs the key again (with the time it renders at): it must confirm this address.
    action_key = form.get("action").rstrip("/").rsplit("/", 1)[-1]
    assert form.get("action") == url("account_confirm_email", key=action_key)
    assert EmailConfirmationHMAC.from_key(action_key).email_address == address
    assert form.find("button", type="submit") is not None

    main = assert_our_page(client.get(url("account_confirm_email", key="not-a-key"))).find("main")
    assert main.find("form") is None
    assert main.find("a", href=url("account_email")) is not None


def test_it_renders_the_set_password_page_of_a_reset_link(client, resident):
    uidb36, key = user_pk_to_url_str(resident), default_token_generator.make_token(resident)
    response = client.get(
        url("account_reset_password_from_key", uidb36=uidb36, key=key), follow=True
    )
    page = assert_our_page(response)
    fields = {field.get("name"): field for field in page.find_all("input", type="password")}
    assert fields["password1"].get("autocomplete") == "new-password"
    assert fields["password2"].get("autocomplete") == "new-password"


def test_it_labels_the_sign_up_fields_and_describes_them(client):
    page = assert_our_page(client.get(url("account_signup")))
    labels = {label.get("for"): label.text for label in page.find_all("label")}
    assert labels["id_email"].startswith("Sähköposti")
    for name in ["password1", "password2", "name", "stakeholder_group", "organisation", "area"]:
        assert f"id_{name}" in labels, name
    email = page.by_id("id_email")
    assert email.get("autocomplete") == "email"
    assert page.by_id("id_password1").get("autocomplete") == "new-password"
    assert page.by_id("id_name").get("autocomplete") == "name"
    assert page.by_id("id_organisation").get("autocomplete") == "organization"
    # The password rules are read out with the password field.
    described = page.by_id("id_password1").get("aria-describedby").split()
    assert "id_password1_helptext" in described
    assert page.by_id("id_password1_helptext").find("li") is not None


def test_it_ties_errors_to_their_fields_and_sums_them_up(client):
    response = client.post(url("account_login"), {"login": "nobody@example.fi", "password": "x"})
    page = assert_our_page(response)
    summary = page.find(class_="error-summary")
    assert summary.get("role") == "alert"
    assert summary.find("li") is not None

    response = client.post(url("account_signup"), {"email": "not-an-address"})
    page = assert_our_page(response)
    email = page.by_id("id_email")
    assert email.get("aria-invalid") == "true"
    assert "id_email_error" in email.get("aria-describedby").split()
    assert page.by_id("id_email_error").text
    # The summary links to the field it names.
    assert page.find(class_="error-summary").find("a", href="#id_email") is not None


def test_it_uses_current_password_where_the_person_proves_who_they_are(client_for, resident):
    page = assert_our_page(client_for(resident).get(url("account_change_password")))
    assert page.by_id("id_oldpassword").get("autocomplete") == "current-password"
    assert page.by_id("id_password1").get("autocomplete") == "new-password"

    page = assert_our_page(client_for(None).get(url("account_login")))
    assert page.by_id("id_login").get("autocomplete") == "email"
    assert page.by_id("id_password").get("autocomplete") == "current-password"


def test_it_titles_each_page_after_its_heading(client):
    page = parse(client.get(url("account_login", "en")).content)
    title = page.find("title").text
    assert title.startswith("Sign In")
    assert "North Ostrobothnia" in title
    assert re.sub(r"\s+", " ", page.find("h1").text) == "Sign In"
