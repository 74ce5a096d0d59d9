"""A person sees where they are signed in and ends those sessions (allauth's usersessions)."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from tests.accounts.markup import parse
from tests.accounts.mfa_helpers import is_signed_in, password_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def laptop(resident):
    client = Client(HTTP_USER_AGENT="Laptop browser")
    password_sign_in(client, resident)
    return client


@pytest.fixture
def phone(resident):
    client = Client(HTTP_USER_AGENT="Phone browser", REMOTE_ADDR="192.0.2.44")
    password_sign_in(client, resident)
    return client


def test_it_lists_each_browser_signed_in_in_a_labelled_table(laptop, phone):
    page = parse(laptop.get("/en/accounts/sessions/").content)

    table = page.find("main").find("table")
    assert table.find("caption").text.strip()
    assert [th.get("scope") for th in table.find_all("th")] == ["col"] * 4
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 2
    text = table.text
    assert "Laptop browser" in text and "Phone browser" in text and "192.0.2.44" in text
    assert "This browser" in text
    # The page is one of the account pages.
    assert page.find("nav", class_="account-nav").find("a", href="/en/accounts/sessions/")


def test_it_ends_another_session_and_that_browser_is_signed_out(laptop, phone, resident):
    other = UserSession.objects.get(user=resident, user_agent="Phone browser")

    response = laptop.post(f"/en/accounts/sessions/{other.pk}/end/")

    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    assert list(UserSession.objects.filter(user=resident).values_list("user_agent", flat=True)) == [
        "Laptop browser"
    ]


def test_it_signs_out_every_other_session_at_once(laptop, phone, resident):
    laptop.post("/en/accounts/sessions/")

    assert not is_signed_in(phone)
    assert is_signed_in(laptop)


def test_nobody_ends_anothers_session(client_for, phone, resident, other_resident):
    session = UserSession.objects.get(user=resident)

    response = client_for(other_resident).post(f"/en/accounts/sessions/{session.pk}/end/")

    assert response.status_code == 404
    assert is_signed_in(phone)
