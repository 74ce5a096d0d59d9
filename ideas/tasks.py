"""Celery tasks of the suggestions: each a thin shell over a service (indexing, the legacy
tracking mail, the service-level reminders), so that services queue tasks and tasks never
import the services that queue them."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from ideas.lifecycle import Action
from ideas.models import Suggestion
from ideas.services import indexing
from ideas.services.notifications import RECEIVED_KIND, suggestion_received, topic_of
from ideas.services.reminders import remind_impact_due, remind_overdue
from popsote.notifications.models import Notification

logger = logging.getLogger(__name__)


@shared_task(name="ideas.index_suggestion", bind=True, acks_late=True)
def index_suggestion(self, suggestion_id: int) -> None:
    """Lemmatize a suggestion into its stored search vector (idempotent).

    Run inline (no broker: tasks are eager) it would load the lemmatizer, seconds and hundreds
    of megabytes, inside the web request that submitted the suggestion. It leaves the work to
    a worker instead: the suggestion keeps its quick vector, and ``index_pending`` lemmatizes it
    the next time beat and a worker run.
    """
    if self.request.is_eager:
        logger.info("Suggestion %s keeps its quick vector until a worker indexes it", suggestion_id)
        return
    suggestion = Suggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is not None:
        indexing.index_suggestion(suggestion)


@shared_task(name="ideas.index_pending")
def index_pending(batch: int = 500) -> int:
    """Index suggestions whose indexing task was lost (a broker outage at submit time) or that
    were submitted while tasks ran inline."""
    pending = Suggestion.objects.filter(indexed_at=None).order_by("id")[:batch]
    return indexing.index_suggestions(pending)


@shared_task(name="ideas.send_tracking_mail", acks_late=True)
def send_tracking_mail(suggestion_id: int, _token: str = "", language: str = "", *_) -> bool:
    """A tracking mail queued by an earlier release, which sent it from this task: it goes to
    the notification outbox now, as every mail does. The token it carries is not needed (the
    outbox derives the link again), and the row is written once however often the broker
    delivers the message. False when there is nothing to send. Once no earlier release's
    messages can be waiting in the broker, this task can go."""
    with transaction.atomic():
        # Locked: two deliveries of one message must not both find no row and write one.
        suggestion = Suggestion.objects.select_for_update().filter(pk=suggestion_id).first()
        submission = suggestion and suggestion.events.filter(action=Action.SUBMIT).first()
        if (
            submission is None
            or Notification.objects.filter(topic=topic_of(suggestion), kind=RECEIVED_KIND).exists()
        ):
            return False
        return suggestion_received(submission, language=language) is not None


@shared_task(name="ideas.remind_overdue")
def remind_overdue_task() -> int:
    return remind_overdue()


@shared_task(name="ideas.remind_impact_due")
def remind_impact_due_task() -> int:
    return remind_impact_due()
