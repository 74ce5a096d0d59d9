"""A newcomer creates an account, confirms the e-mail address, signs out and signs in again.

The journey runs in English so that it reads the same labels before and after the Finnish and
Swedish catalogues are written; the Finnish and Swedish pages get the axe check.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

EMAIL = "netta.newcomer@example.fi"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


def label(text: str) -> re.Pattern:
    # A label may carry a "(required)" marker after its text.
    return re.compile(rf"^{re.escape(text)}(?! \(again\))")


def confirmation_path(message) -> str:
    """The path of the confirmation link in the e-mail (its host is the site's, not ours)."""
    match = CONFIRMATION_LINK.search(message.body)
    assert match, f"no confirmation link in:\n{message.body}"
    return urlsplit(match.group()).path


def expect_signed_in(page):
    header = page.get_by_role("banner")
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    expect(header.get_by_role("link", name="Sign in")).to_have_count(0)


def test_it_signs_up_confirms_the_address_and_signs_in_again(page, mailoutbox):
    page.goto("/en/")
    page.get_by_role("banner").get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/signup/$"))

    form = page.get_by_role("main")
    form.get_by_label(label("Email")).fill(EMAIL)
    form.get_by_label(label("Name")).fill("Netta Newcomer")
    form.get_by_label(label("I take part as")).select_option(label="Resident")
    form.get_by_label(label("Area")).select_option(label="Oulu")
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_label(label("Password (again)")).fill(PASSWORD)
    form.get_by_role("button", name=re.compile("^sign up$", re.I)).click()

    # Mandatory verification: no session yet, a message and a link by e-mail instead.
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(page)
    assert [message.to for message in mailoutbox] == [[EMAIL]]

    page.goto(confirmation_path(mailoutbox[0]))
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name=re.compile("^confirm$", re.I)).click()

    expect_signed_in(page)
    assert EmailAddress.objects.get(email=EMAIL).verified

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    page.goto("/en/accounts/login/")
    form = page.get_by_role("main")
    form.get_by_label(label("Email")).fill(EMAIL)
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_role("button", name=re.compile("^sign in$", re.I)).click()

    expect_signed_in(page)
    page.get_by_role("banner").get_by_role("link", name="My details").click()
    expect(page.get_by_role("main")).to_contain_text(EMAIL)


@pytest.mark.parametrize(
    "path",
    ["/accounts/signup/", "/sv/accounts/signup/", "/accounts/login/", "/sv/accounts/login/"],
)
def test_it_has_accessible_sign_up_and_sign_in_pages(page, path):
    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", "sv" if "/sv/" in path else "fi")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_it_shows_sign_up_errors_accessibly(page):
    page.goto("/en/accounts/signup/")
    form = page.get_by_role("main")
    form.get_by_label(label("Email")).fill(EMAIL)
    form.get_by_label(label("I take part as")).select_option(label="Student")
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_label(label("Password (again)")).fill(PASSWORD + "-typo")
    form.get_by_role("button", name=re.compile("^sign up$", re.I)).click()

    expect(page).to_have_url(re.compile(r"/en/accounts/signup/$"))
    expect(form.locator("[aria-invalid=true]")).not_to_have_count(0)
    assert_accessible(page)
