"""Celery tasks of the outbox: thin, idempotent, taking ids. The work is in ``delivery``.

The imports run one way: ``services`` queues these tasks, these call ``delivery``, and
``delivery`` queues nothing (what it builds, these queue).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from popsote.core.queue import enqueue
from popsote.notifications import delivery
from popsote.notifications.models import Digest, Notification

logger = logging.getLogger(__name__)


@shared_task(name="notifications.deliver", bind=True, acks_late=True)
def deliver(self, notification_id: int) -> str:
    """Send one notification's e-mail (a no-op when it is sent, not due or being sent)."""
    outcome = delivery.deliver_notification(notification_id)
    if outcome == "retry" and not self.request.is_eager:
        _retry_when_due(self, Notification, notification_id)
    return outcome


@shared_task(name="notifications.deliver_digest", bind=True, acks_late=True)
def deliver_digest(self, digest_id: int) -> str:
    outcome = delivery.deliver_digest(digest_id)
    if outcome == "retry" and not self.request.is_eager:
        _retry_when_due(self, Digest, digest_id)
    return outcome


def _retry_when_due(task, model, row_id: int) -> None:
    """Queue the next attempt for when the row says it is due. Best effort: without a broker,
    the sweep sends the row once it is due. (Inline, with no broker, nothing would wait for
    the countdown, so the sweep alone retries.)"""
    due = model.objects.filter(pk=row_id).values_list("next_attempt_at", flat=True).first()
    if due is None:
        return
    # A second late rather than early: an early attempt finds the row not yet due.
    countdown = max((due - timezone.now()).total_seconds(), 0) + 1
    enqueue(task, row_id, countdown=countdown)


@shared_task(name="notifications.deliver_pending")
def deliver_pending(batch: int = 200) -> dict:
    """The periodic sweep: everything due that its own task did not send."""
    return delivery.deliver_pending(batch=batch)


@shared_task(name="notifications.send_digests")
def send_digests(frequency: str) -> int:
    """Gather the waiting notifications of ``frequency`` (daily, weekly) into digests and queue
    their delivery (each digest is committed by then)."""
    built = delivery.digests_build(frequency=frequency)
    for digest_id in built:
        enqueue(deliver_digest, digest_id)
    return len(built)
