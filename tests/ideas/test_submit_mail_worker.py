"""The tracking mail on a real Celery worker through Redis: the task is registered where the
worker looks, loads the saved suggestion and sends the link."""

from __future__ import annotations

import pytest

from ideas import services
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from tests.conftest import Worker


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


@pytest.mark.worker
def test_it_sends_the_tracking_mail_from_a_real_worker(console_mail_worker, monkeypatch):
    monkeypatch.setattr(services, "_queue_indexing", lambda suggestion: None)
    submitted = services.suggestion_submit(
        actor=None,
        title="Saattajan pysäköinti",
        description="Sairaalan pysäköinti on saattajalle kallis.",
        kind=term(SuggestionKind, "need"),
        area=term(Area, "oulu"),
        service_area=term(ServiceArea, "hospital"),
        stakeholder_group=term(StakeholderGroup, "resident"),
        email="saattaja@example.fi",
    )
    args = [submitted.suggestion.pk, submitted.tracking_token, "en"]

    result = console_mail_worker.app.send_task("ideas.send_tracking_mail", args=args)

    assert result.get(timeout=30) is True
    log = console_mail_worker.log_text()
    assert "To: saattaja@example.fi" in log
    assert f"https://popsote.example/en/track/{submitted.tracking_token}/" in log
    assert submitted.suggestion.reference in log
