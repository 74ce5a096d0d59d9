"""End to end on a real Celery worker through a real Redis: every mail goes exactly once,
also when the broker is down at the commit and when a worker dies in the middle of sending."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from celery import Celery
from django.db import transaction

from popsote.notifications import services, tasks
from popsote.notifications.models import Category, EmailState, Notification
from tests.conftest import Worker, _free_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def start_worker(redis_url, tmp_path, reference_data, monkeypatch):
    """``start_worker(name, email_url)``: a real worker whose mail goes where ``email_url``
    says (``console://`` prints it to the worker's log, where the test counts it)."""
    started: list[Worker] = []

    def start(name: str, email_url: str = "console://") -> Worker:
        monkeypatch.setenv("EMAIL_URL", email_url)
        worker = Worker(redis_url=redis_url, log_path=tmp_path / f"{name}.log")
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop(kill=True)


def queue_through(monkeypatch, app: Celery) -> None:
    """The outbox's own queueing (of ``tasks.deliver`` and ``tasks.deliver_digest``)
    publishes through ``app``."""
    for name in ("deliver", "deliver_digest"):
        task = getattr(tasks, name)
        monkeypatch.setattr(
            task,
            "apply_async",
            lambda args, name=task.name, **options: app.send_task(
                name, args=list(args), countdown=options.get("countdown")
            ),
        )


def write(people) -> list[Notification]:
    """One notification to each person, committed the way a service commits its event."""
    with transaction.atomic():
        return services.notify_users(
            users=people,
            category=Category.MY_SUGGESTIONS,
            kind="test",
            render=lambda: {"title": "Ehdotuksesi eteni", "body": "", "url": "/suggestions/"},
        )


def wait_until(check, timeout: float = 40, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what or check}")


def all_sent(rows) -> bool:
    states = Notification.objects.filter(pk__in=[row.pk for row in rows]).values_list(
        "email_state", flat=True
    )
    return set(states) == {EmailState.SENT}


def mails_to(address: str, *workers: Worker) -> int:
    return sum(worker.log_text().count(f"To: {address}") for worker in workers)


@pytest.fixture
def people(make_user):
    return [make_user(f"person{number}@example.fi") for number in range(3)]


def test_it_delivers_each_mail_once_through_a_real_worker(start_worker, people, monkeypatch):
    worker = start_worker("worker")
    queue_through(monkeypatch, worker.app)

    rows = write(people)
    wait_until(lambda: all_sent(rows), what="the worker to send")

    # The broker delivers a task twice, and the sweep runs too: nothing is sent again.
    assert worker.app.send_task("notifications.deliver", args=[rows[0].pk]).get(30) == ""
    assert worker.app.send_task("notifications.deliver_pending").get(30) == {}
    for person in people:
        assert mails_to(person.email, worker) == 1
    log = worker.log_text()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in log
    # The beat schedule's tasks are all registered where the worker looks.
    for name in ("notifications.send_digests", "ideas.remind_overdue", "ideas.index_pending"):
        assert name in log


def test_it_loses_nothing_when_the_broker_is_down_at_the_commit(start_worker, people, monkeypatch):
    dead = Celery("dead-broker", set_as_current=False)
    dead.conf.update(
        broker_url=f"redis://127.0.0.1:{_free_port()}/0",
        task_publish_retry=False,
        broker_connection_retry=False,
        broker_transport_options={"socket_connect_timeout": 1, "max_retries": 0},
    )
    queue_through(monkeypatch, dead)

    rows = write(people)  # the commit succeeds; queueing fails and is logged

    assert {row.email_state for row in Notification.objects.all()} == {EmailState.PENDING}
    worker = start_worker("worker")
    result = worker.app.send_task("notifications.deliver_pending").get(60)

    assert result == {"sent": 3}
    assert all_sent(rows)
    for person in people:
        assert mails_to(person.email, worker) == 1


class Tarpit:
    """A mail server that accepts connections and never answers: a send hangs in it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(5)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        for connection in self.accepted:
            connection.close()
        self.socket.close()


def test_it_loses_nothing_and_sends_nothing_twice_when_a_worker_dies_mid_way(
    start_worker, people, monkeypatch
):
    tarpit = Tarpit()
    try:
        stuck = start_worker("stuck", email_url=f"smtp://127.0.0.1:{tarpit.port}")
        queue_through(monkeypatch, stuck.app)
        first, second, third = write(people)
        # The worker has locked the first row and waits for the mail server...
        wait_until(lambda: tarpit.accepted, what="the worker to start sending")
        # ... when it dies.
        stuck.stop(kill=True)
    finally:
        tarpit.close()

    # Its transaction died with it: the row is pending as before, no attempt counted.
    first.refresh_from_db()
    assert (first.email_state, first.attempts, first.sent_at) == (EmailState.PENDING, 0, None)

    worker = start_worker("worker")
    # The tasks the dead worker never took are still in Redis; the new worker takes them...
    wait_until(lambda: all_sent([second, third]), what="the queued tasks")
    # ... and the sweep sends the one that was in flight.
    assert worker.app.send_task("notifications.deliver_pending").get(60) == {"sent": 1}

    assert all_sent([first, second, third])
    for person in people:
        assert mails_to(person.email, stuck, worker) == 1
