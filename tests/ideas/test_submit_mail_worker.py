"""The tracking mail on a real Celery worker through Redis: the outbox's delivery task sends
the link of a saved suggestion, and a message an earlier release queued by the old task name
still gets its mail."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from ideas.services import submission
from ideas.services.submission import Submitted, suggestion_submit
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from tests.conftest import Worker
from tests.notifications.test_worker import queue_through, wait_until


@pytest.fixture
def console_mail_worker(redis_url, tmp_path, transactional_db, monkeypatch):
    # The worker prints mail to its log, where this test reads it.
    monkeypatch.setenv("EMAIL_URL", "console://")
    monkeypatch.setenv("SITE_URL", "https://popsote.example")
    worker = Worker(redis_url=redis_url, log_path=tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


def term(model, code: str):
    # A transactional test before this one may have emptied the tables the migrations filled.
    names = {f"name_{language}": code for language in ("fi", "sv", "en")}
    return model.objects.get_or_create(code=code, defaults=names)[0]


def submit(monkeypatch) -> Submitted:
    monkeypatch.setattr("ideas.services.submission.queue_indexing", lambda suggestion: None)
    with transaction.atomic():
        return suggestion_submit(
            actor=None,
            title="Saattajan pysäköinti",
            description="Sairaalan pysäköinti on saattajalle kallis.",
            kind=term(SuggestionKind, "need"),
            area=term(Area, "oulu"),
            service_area=term(ServiceArea, "hospital"),
            stakeholder_group=term(StakeholderGroup, "resident"),
            email="saattaja@example.fi",
        )


def mailed(worker: Worker, submitted: Submitted, language: str) -> bool:
    log = worker.log_text()
    link = f"https://popsote.example/{language}/track/{submitted.tracking_token}/"
    return "To: saattaja@example.fi" in log and link in log


@pytest.mark.worker
def test_it_sends_the_tracking_mail_from_a_real_worker(console_mail_worker, monkeypatch):
    queue_through(monkeypatch, console_mail_worker.app)

    with translation.override("en"):  # the page's language
        submitted = submit(monkeypatch)

    wait_until(lambda: mailed(console_mail_worker, submitted, "en"), what="the tracking mail")
    assert submitted.suggestion.reference in console_mail_worker.log_text()


@pytest.mark.worker
def test_it_sends_the_mail_of_a_message_an_earlier_release_queued(console_mail_worker, monkeypatch):
    monkeypatch.setattr(submission, "suggestion_received", lambda *a, **k: None)
    submitted = submit(monkeypatch)  # as an earlier release did: no notification row
    args = [submitted.suggestion.pk, submitted.tracking_token, "sv", "https://old.host"]

    result = console_mail_worker.app.send_task("ideas.send_tracking_mail", args=args)

    assert result.get(timeout=30) is True
    wait_until(lambda: mailed(console_mail_worker, submitted, "sv"), what="the tracking mail")
