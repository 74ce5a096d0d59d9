"""What the submitter's messages say besides the group's message: where an existing solution
is, and, for a signed-out submitter, that the link in the message is their tracking link."""

from __future__ import annotations

import pytest
from django.core import mail

from ideas.lifecycle import Action
from ideas.services.community import suggestion_follow
from popsote.notifications.models import Notification
from tests.factories import make_group, submit
from tests.notifications.helpers import move

pytestmark = pytest.mark.django_db

SOLUTION = "https://www.pohde.fi/kotihoito/iltakaynnit/"


def test_it_tells_the_submitter_and_the_followers_where_the_existing_solution_is(
    resident, other_resident, coordinator, django_capture_on_commit_callbacks
):
    suggestion = submit(resident).suggestion
    suggestion_follow(actor=other_resident, suggestion=suggestion)
    move(suggestion, Action.ROUTE, actor=coordinator, group=make_group())
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        move(
            suggestion,
            Action.EXISTING_SOLUTION,
            actor=coordinator,
            message="Pidemmän käynnin voi jo varata: ohjeet ovat linkissä.",
            link=SOLUTION,
        )

    for person in (resident, other_resident):
        row = Notification.objects.get(recipient=person)
        assert SOLUTION in row.text("en")["body"]
        assert "ohjeet ovat linkissä" in row.text("en")["body"]
    (message,) = [m for m in mail.outbox if m.to == [resident.email]]
    assert SOLUTION in message.body
    assert SOLUTION in message.alternatives[0][0]


def test_it_tells_a_signed_out_submitter_the_link_is_their_tracking_link_and_where_to_answer(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = submit(email="maija@example.fi", language="en").suggestion
    move(suggestion, Action.ROUTE, actor=coordinator, group=make_group())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        move(suggestion, Action.REQUEST_INFO, actor=coordinator, message="Mihin aikaan?")

    (message,) = mail.outbox
    assert f"/en/track/{suggestion.tracking_token()}/" in message.body
    assert "Answer the question on your tracking page" in message.body
    assert "The link below is your private tracking link." in message.body


def test_it_tells_a_signed_in_submitter_to_answer_on_the_suggestions_page(resident, coordinator):
    suggestion = submit(resident).suggestion
    move(suggestion, Action.ROUTE, actor=coordinator, group=make_group())

    move(suggestion, Action.REQUEST_INFO, actor=coordinator, message="Mihin aikaan?")

    body = Notification.objects.filter(recipient=resident).latest("id").text("en")["body"]
    assert "Answer the question on the suggestion's page." in body
    assert "tracking" not in body
