"""Every text about the private tracking link says the one true thing: the link is shown once
on the thank-you page, mailed to the address given, and carried again by every later message
about the handling (it is derived from a stored nonce, so it can be). Without an address,
nothing can send it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from ideas.lifecycle import Action
from ideas.models import Suggestion
from tests.factories import make_group
from tests.ideas.test_submit_views import NEW, form_data
from tests.notifications.helpers import move

pytestmark = pytest.mark.django_db

# What the texts once said, against what the code does.
FALSE_CLAIMS = ("cannot send it again", "cannot show or send it again", "we do not store it")


@pytest.fixture(autouse=True)
def fresh_state(no_indexing):
    cache.clear()  # rate limits
    yield
    cache.clear()


def texts_of(message) -> str:
    return message.body + message.alternatives[0][0]


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_what_the_texts_promise_about_later_messages_is_what_the_messages_do(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form_data(email="maija@example.fi"))
    thanks = client.get(response["Location"]).content.decode()
    (tracking_mail,) = mails_to("maija@example.fi")
    # The link is absolute on the configured site address; the test client asks for its path.
    tracking_path = re.search(r"https?://[^/\s]+(/en/track/[\w-]+/)", tracking_mail.body).group(1)
    track_page = client.get(tracking_path).content.decode()
    token_path = tracking_path.removeprefix("/en")

    assert "every later message about the handling carries the same link" in thanks
    assert "Every later message about the handling carries the same link." in texts_of(
        tracking_mail
    )
    assert "carries this same link" in track_page
    for text in (thanks, texts_of(tracking_mail), track_page):
        for claim in FALSE_CLAIMS:
            assert claim not in text

    suggestion = Suggestion.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        move(suggestion, Action.ROUTE, actor=coordinator, group=make_group())

    # In the language of the suggestion's text, with the same token.
    _, later = mails_to("maija@example.fi")
    assert token_path in later.body
    assert token_path in later.alternatives[0][0]


def test_without_an_address_the_texts_say_the_link_cannot_be_sent(client):
    response = client.post(NEW, form_data())
    thanks = client.get(response["Location"]).content.decode()
    token = re.search(r"/en/track/([\w-]+)/", thanks).group(1)
    track_page = client.get(f"/en/track/{token}/").content.decode()

    assert "No e-mail address was given, so we cannot send the link later" in thanks
    assert "No e-mail address was given, so we cannot send the link" in track_page
    assert "later message" not in thanks
    assert not mail.outbox
