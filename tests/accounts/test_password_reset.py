"""A forgotten password: the mail, the link, the new password; and nothing to learn for others."""

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-2026"


def reset_link(message) -> str:
    match = re.search(
        r"https?://testserver(/(?:sv/|en/)?accounts/password/reset/key/\S+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def signs_in(client, email: str, password: str) -> bool:
    client.logout()
    client.post("/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("language", "subject", "prefix"),
    [
        ("sv", "[popsote] Återställning av lösenord", "/sv/"),
        ("fi", "[popsote] Salasanan uusimissähköposti", "/"),
        ("en", "[popsote] Password Reset Email", "/en/"),
    ],
)
def test_it_mails_the_reset_link_in_the_persons_language(
    client, make_user, language, subject, prefix
):
    make_user("aino@example.fi", preferred_language=language)

    # Asked for from the Finnish page: the mail still follows the person's own choice.
    response = client.post("/accounts/password/reset/", {"email": "aino@example.fi"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aino@example.fi"]
    assert message.subject == subject
    assert reset_link(message).startswith(f"{prefix}accounts/password/reset/key/")


def test_it_lets_the_link_set_a_new_password_and_the_old_one_stops_working(client, make_user):
    make_user("aino@example.fi")
    client.post("/accounts/password/reset/", {"email": "Aino@Example.fi"})
    link = reset_link(mail.outbox[0])

    # The key moves from the address into the session before the form is shown, so that it
    # does not leak through the Referer header.
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    assert signs_in(client, "aino@example.fi", NEW_PASSWORD)
    assert not signs_in(client, "aino@example.fi", PASSWORD)


def test_it_refuses_a_link_that_was_used_already(client, make_user):
    make_user("aino@example.fi")
    client.post("/accounts/password/reset/", {"email": "aino@example.fi"})
    link = reset_link(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    response = client.get(link, follow=True)

    assert b'name="password1"' not in response.content
    assert signs_in(client, "aino@example.fi", NEW_PASSWORD)


def test_it_shows_an_unknown_address_the_same_as_a_known_one(client, make_user):
    make_user("aino@example.fi")

    known = client.post("/accounts/password/reset/", {"email": "aino@example.fi"}, follow=True)
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.fi"}, follow=True)

    assert unknown.status_code == known.status_code == 200
    assert (
        unknown.redirect_chain == known.redirect_chain == [("/accounts/password/reset/done/", 302)]
    )
    assert strip_csrf(unknown.content) == strip_csrf(known.content)
    # The unknown address gets no reset link (only a note that it has no account).
    unknown_mail = next(message for message in mail.outbox if message.to == ["nobody@example.fi"])
    assert "/password/reset/key/" not in unknown_mail.body


def strip_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
