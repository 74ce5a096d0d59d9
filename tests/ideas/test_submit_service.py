"""``suggestion_submit``: who the submitter is, the personal data guard, and the tracking mail."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation
from stdnum.fi import hetu

from ideas.lifecycle import Action, State
from ideas.models import Challenge, Follow, Suggestion, token_hash
from ideas.permissions import is_submitter
from popsote.notifications import delivery, tasks
from popsote.notifications.models import EmailState, Notification
from popsote.taxonomy.models import (
    StrategyTheme,
)
from tests.factories import submit

pytestmark = pytest.mark.usefixtures("no_indexing")

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def identity_code(date="010203", sign="A", individual="123") -> str:
    code = f"{date}{sign}{individual}{CHECK_CHARACTERS[int(date + individual) % 31]}"
    assert hetu.is_valid(code)
    return code


# --- Who submitted --------------------------------------------------------------------------


def test_it_records_a_signed_in_person_as_the_submitter_who_follows_it(resident):
    submitted = submit(actor=resident, show_submitter_name=True)
    suggestion = submitted.suggestion

    assert submitted.tracking_token is None
    assert suggestion.submitter == resident
    assert suggestion.tracking_token_hash is None
    assert suggestion.show_submitter_name is True
    assert suggestion.state == State.RECEIVED
    assert re.fullmatch(r"\d{4}-\d{6}", suggestion.reference)
    assert Follow.objects.filter(suggestion=suggestion, user=resident).exists()
    # With no handler group to route it to, the suggestion waits for the coordinators.
    submitted_event, triage = suggestion.events.order_by("pk")
    assert (submitted_event.action, submitted_event.to_state, submitted_event.actor) == (
        Action.SUBMIT,
        State.RECEIVED,
        resident,
    )
    assert (triage.action, triage.to_state, triage.actor) == (Action.TRIAGE, State.RECEIVED, None)


def test_it_gives_a_signed_out_submitter_a_token_it_stores_only_as_a_hash(db):
    submitted = submit(email=" Maija@Example.FI ")
    suggestion = Suggestion.objects.get(pk=submitted.suggestion.pk)

    assert len(submitted.tracking_token) >= 40
    assert suggestion.tracking_token_hash == token_hash(submitted.tracking_token)
    assert submitted.tracking_token not in str(Suggestion.objects.filter(pk=suggestion.pk).values())
    assert suggestion.submitter is None
    assert suggestion.submitter_email == "maija@example.fi"
    assert is_submitter(None, suggestion, tracking_token=submitted.tracking_token)
    assert not is_submitter(None, suggestion, tracking_token="guess")


def test_it_never_shows_the_name_of_a_signed_out_submitter(db):
    suggestion = submit(show_submitter_name=True).suggestion

    assert suggestion.show_submitter_name is False


def test_it_records_a_contact_person_and_the_channel_when_entered_on_behalf(professional):
    submitted = submit(
        actor=professional,
        on_behalf=True,
        channel=Suggestion.Channel.PHONE,
        email="asukas@example.fi",
        show_submitter_name=True,
    )
    suggestion = submitted.suggestion

    assert suggestion.submitter is None
    assert suggestion.entered_by == professional
    assert suggestion.channel == Suggestion.Channel.PHONE
    assert suggestion.submitter_email == "asukas@example.fi"
    assert suggestion.show_submitter_name is False
    assert submitted.tracking_token
    assert suggestion.events.get(action=Action.SUBMIT).data == {"channel": "phone"}


def test_it_refuses_on_behalf_without_a_channel_or_signed_out(professional):
    with pytest.raises(ValidationError) as online:
        submit(actor=professional, on_behalf=True, channel=Suggestion.Channel.ONLINE)
    with pytest.raises(ValidationError) as signed_out:
        submit(actor=None, on_behalf=True, channel=Suggestion.Channel.EVENT)

    assert "channel" in online.value.message_dict
    assert "channel" in signed_out.value.message_dict
    assert not Suggestion.objects.exists()


def test_it_keeps_the_themes_language_and_privacy_chosen(resident):
    themes = list(StrategyTheme.objects.filter(code__in=["for-people", "boldly-new"]))

    suggestion = submit(actor=resident, themes=themes, language="sv", is_private=True).suggestion

    assert set(suggestion.themes.all()) == set(themes)
    assert suggestion.language == "sv"
    assert suggestion.is_private


def test_it_refuses_a_challenge_that_has_closed(db):
    closed = Challenge.objects.create(
        title="Arjen apu",
        slug="arjen-apu",
        description="…",
        opens_at=timezone.now() - timezone.timedelta(days=30),
        deadline=timezone.now() - timezone.timedelta(days=1),
    )

    with pytest.raises(ValidationError) as error:
        submit(challenge=closed)

    assert "challenge" in error.value.message_dict


# --- Personal data guard --------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "description", "proposed_solution", "beneficiaries"])
@pytest.mark.parametrize("sign", ["-", "A", "B", "F", "U", "Y", "+"])
def test_it_refuses_a_valid_identity_code_in_any_text_naming_the_field(db, field, sign):
    code = identity_code(sign=sign)

    with pytest.raises(ValidationError) as error:
        submit(**{field: f"Potilaan {code} hoito viivästyi."})

    assert list(error.value.message_dict) == [field]
    assert "personal identity code" in error.value.message_dict[field][0]
    assert not Suggestion.objects.exists()


def test_it_accepts_a_look_alike_whose_check_character_is_wrong(db):
    code = identity_code(sign="C")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")

    suggestion = submit(description=f"Lomakkeen numero {wrong} on hankala.").suggestion

    assert wrong in suggestion.description


# --- The tracking mail ----------------------------------------------------------------------


def test_it_mails_the_reference_and_link_after_commit_in_the_page_language(
    db, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://popsote.example"
    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        submitted = submit(email="maija@example.fi")
        assert mailoutbox == []  # nothing before the commit

    (message,) = mailoutbox
    link = f"https://popsote.example/sv/track/{submitted.tracking_token}/"
    assert message.to == ["maija@example.fi"]
    assert submitted.suggestion.reference in message.subject
    assert link in message.body
    assert submitted.suggestion.reference in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert message.extra_headers["Content-Language"] == "sv"


def test_it_sends_no_mail_without_an_address_nor_to_a_signed_in_submitter(
    resident, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        submit()
        submit(actor=resident, email="someone@example.fi")

    assert mailoutbox == []


def test_it_keeps_the_suggestion_when_the_mail_server_fails(
    db, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(email="maija@example.fi")

    assert Suggestion.objects.filter(pk=submitted.suggestion.pk).exists()


def test_it_sends_the_mail_from_the_sweep_when_the_broker_cannot_take_it(
    db, django_capture_on_commit_callbacks, mailoutbox, monkeypatch, settings
):
    settings.SITE_URL = "https://popsote.example"

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(tasks.deliver, "apply_async", broker_down)
    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        submitted = submit(email="maija@example.fi")

    assert Suggestion.objects.filter(pk=submitted.suggestion.pk).exists()
    assert mailoutbox == []
    assert delivery.deliver_pending() == {"sent": 1}
    (message,) = mailoutbox
    assert message.to == ["maija@example.fi"]
    assert f"https://popsote.example/sv/track/{submitted.tracking_token}/" in message.body
    assert message.extra_headers["Content-Language"] == "sv"


def test_it_retries_the_mail_later_when_the_server_fails(
    db, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    send = EmailMultiAlternatives.send

    def fail(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(email="maija@example.fi")
    row = Notification.objects.get(email="maija@example.fi")
    assert (row.email_state, row.attempts) == (EmailState.PENDING, 1)
    assert row.next_attempt_at > timezone.now()  # backing off: 1, 2, 4 … minutes

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    assert delivery.deliver_pending(now=row.next_attempt_at) == {"sent": 1}

    (message,) = mailoutbox
    assert f"/track/{submitted.tracking_token}/" in message.body


def test_it_hands_a_mail_an_earlier_release_queued_to_the_outbox_once(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    """Earlier releases queued ``ideas.send_tracking_mail`` with the clear token; such a message
    still gets its mail, through the outbox, however often the broker delivers it."""
    from ideas.tasks import send_tracking_mail

    submitted = submit(email="maija@example.fi")
    Notification.objects.all().delete()  # as written by an earlier release: no row
    mailoutbox.clear()
    old_message = [submitted.suggestion.pk, submitted.tracking_token, "sv", "https://old.host"]

    with django_capture_on_commit_callbacks(execute=True):
        assert send_tracking_mail.apply(args=old_message).get() is True
    with django_capture_on_commit_callbacks(execute=True):
        assert send_tracking_mail.apply(args=old_message).get() is False

    (message,) = mailoutbox
    assert message.to == ["maija@example.fi"]
    assert f"/sv/track/{submitted.tracking_token}/" in message.body
    assert send_tracking_mail.apply(args=[0, "gone", "fi"]).get() is False


def test_it_registers_the_task_name_earlier_releases_queued_where_the_worker_looks():
    # A fresh process, as a worker starts: only what autodiscovery imports is registered.
    script = (
        "import django; django.setup(); from popsote.celery import app; "
        "app.loader.import_default_modules(); print('ideas.send_tracking_mail' in app.tasks)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "popsote.settings",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.stdout.strip() == "True", done.stderr
