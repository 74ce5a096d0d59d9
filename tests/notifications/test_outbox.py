"""The outbox: a notification is written with its event or not at all, and its e-mail goes
exactly once, however the broker, the mail server or the sweeps behave."""

from __future__ import annotations

import threading
from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from ideas.lifecycle import Action
from popsote.notifications import delivery, services, tasks
from popsote.notifications.models import Category, EmailState, Notification
from tests.factories import make_group, submit
from tests.notifications.helpers import move

pytestmark = pytest.mark.django_db


def render():
    return {"title": "Otsikko", "body": "Runko", "url": "/suggestions/"}


def notify_one(user, **kwargs) -> Notification:
    (row,) = services.notify_users(
        users=[user], category=Category.MY_SUGGESTIONS, kind="test", render=render, **kwargs
    )
    return row


class FlakyBackend(EmailBackend):
    """The locmem backend behind a mail server that fails the first ``failures`` sends."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 0
    yield FlakyBackend
    FlakyBackend.failures = 0


def test_it_writes_the_notification_in_the_events_transaction(resident, coordinator):
    suggestion = submit(resident).suggestion
    group = make_group()

    with pytest.raises(RuntimeError), transaction.atomic():
        move(suggestion, Action.ROUTE, actor=coordinator, group=group)
        assert Notification.objects.filter(recipient=resident).exists()
        raise RuntimeError("the request failed after the move")

    assert not Notification.objects.filter(recipient=resident).exists()
    suggestion.refresh_from_db()
    assert suggestion.group is None


def test_it_queues_the_mail_only_after_the_commit(
    resident, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.deliver, "apply_async", lambda args, **_: queued.extend(args))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = notify_one(resident)
        assert queued == []

    assert len(callbacks) == 1
    assert queued == [row.pk]


def test_it_keeps_the_notification_when_the_broker_is_down_and_the_sweep_sends_it(
    resident, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    suggestion = submit(resident).suggestion
    group = make_group()
    # Only the move's notification is under test (the triage one went to the coordinator).
    Notification.objects.all().delete()

    def broker_down(*args, **options):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.deliver, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        move(suggestion, Action.ROUTE, actor=coordinator, group=group)

    row = Notification.objects.get(recipient=resident)
    assert row.email_state == EmailState.PENDING
    assert mail.outbox == []

    assert delivery.deliver_pending() == {"sent": 1}
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT
    assert [message.to for message in mail.outbox] == [[resident.email]]
    assert delivery.deliver_pending() == {}
    assert len(mail.outbox) == 1


def test_it_retries_a_failing_mail_server_with_backoff_and_sends_once(resident, flaky_mail):
    row = notify_one(resident)
    flaky_mail.failures = 2
    start = timezone.now()

    assert delivery.deliver_notification(row.pk, now=start) == "retry"
    row.refresh_from_db()
    assert row.attempts == 1
    assert row.next_attempt_at == start + timedelta(minutes=1)
    assert "SMTPServerDisconnected" in row.last_error
    # Not due yet: the sweep leaves it alone.
    assert delivery.deliver_pending(now=start + timedelta(seconds=30)) == {}

    assert delivery.deliver_pending(now=start + timedelta(minutes=1)) == {"retry": 1}
    row.refresh_from_db()
    assert row.attempts == 2
    # The wait doubles.
    assert row.next_attempt_at == start + timedelta(minutes=1) + timedelta(minutes=2)

    assert delivery.deliver_pending(now=start + timedelta(minutes=3)) == {"sent": 1}
    assert delivery.deliver_pending(now=start + timedelta(hours=1)) == {}
    row.refresh_from_db()
    assert (row.email_state, row.attempts) == (EmailState.SENT, 3)
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_last_attempt(resident, flaky_mail):
    row = notify_one(resident)
    flaky_mail.failures = 100
    now = timezone.now()

    for _attempt in range(delivery.MAX_ATTEMPTS):
        delivery.deliver_notification(row.pk, now=now)
        row.refresh_from_db()
        now = row.next_attempt_at or now

    assert row.email_state == EmailState.FAILED
    assert row.attempts == delivery.MAX_ATTEMPTS
    assert delivery.deliver_pending(now=now + timedelta(days=1)) == {}
    assert mail.outbox == []
    # The in-site notification is still there to read.
    assert row.read_at is None


def test_it_mails_nobody_whose_account_was_closed(resident):
    row = notify_one(resident)
    resident.is_active = False
    resident.save()

    assert delivery.deliver_notification(row.pk) == "skipped"
    assert mail.outbox == []


def test_it_sends_once_when_the_same_task_runs_twice(resident):
    row = notify_one(resident)

    assert tasks.deliver.apply(args=[row.pk]).get() == "sent"
    assert tasks.deliver.apply(args=[row.pk]).get() == ""
    assert len(mail.outbox) == 1


def test_it_does_not_queue_a_retry_when_running_inline(resident, flaky_mail, monkeypatch):
    row = notify_one(resident)
    flaky_mail.failures = 1
    queued = []
    monkeypatch.setattr(tasks.deliver, "apply_async", lambda *a, **k: queued.append(a))

    assert tasks.deliver.apply(args=[row.pk]).get() == "retry"
    assert queued == []


@pytest.mark.django_db(transaction=True)
def test_it_sends_once_when_two_sweeps_run_at_once(
    reference_data, make_user, settings, monkeypatch
):
    """Sweep A holds the row while its mail is being sent; sweep B, at the same moment, skips
    it; A's mail is the only one."""
    # The row's own task is lost (as with the broker down): only the sweeps send.
    monkeypatch.setattr(services, "_queue_delivery", lambda notification_ids: None)
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    SlowBackend.reset()
    person = make_user("sweep@example.fi")
    row = notify_one(person)
    results = {}

    def sweep(name):
        from django.db import connections

        try:
            results[name] = delivery.deliver_pending()
        finally:
            connections.close_all()

    first = threading.Thread(target=sweep, args=("a",))
    first.start()
    assert SlowBackend.sending.wait(10), "sweep A never started sending"
    second = threading.Thread(target=sweep, args=("b",))
    second.start()
    second.join(10)
    SlowBackend.release.set()
    first.join(10)

    assert results == {"a": {"sent": 1}, "b": {"busy": 1}}
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT


class SlowBackend(EmailBackend):
    """A mail server that holds the first sender until the test lets it go."""

    sending = threading.Event()
    release = threading.Event()

    @classmethod
    def reset(cls):
        cls.sending = threading.Event()
        cls.release = threading.Event()

    def send_messages(self, messages):
        SlowBackend.sending.set()
        SlowBackend.release.wait(10)
        return super().send_messages(messages)


def test_it_writes_history_for_the_site_only_when_quiet(
    resident, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        services.quiet(),
        transaction.atomic(),
    ):
        row = notify_one(resident)
        by_address = services.notify_address(
            email="someone@example.fi",
            language="fi",
            category=Category.MY_SUGGESTIONS,
            kind="test",
            render=render,
            topic="suggestion:1",
        )

    row.refresh_from_db()
    assert (row.email_state, row.read_at) == (EmailState.SKIPPED, None)
    assert by_address is None
    assert callbacks == []
    assert delivery.deliver_pending() == {}
    assert mail.outbox == []
    # Outside it, the same call is e-mailed again.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_one(resident).email_state == EmailState.PENDING
