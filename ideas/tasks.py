import logging

from celery import shared_task

from ideas import search

# The worker imports this module; importing the mail task registers it too.
from ideas.mail import send_tracking_mail  # noqa: F401
from ideas.models import Suggestion

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
        search.index_suggestion(suggestion)


@shared_task(name="ideas.index_pending")
def index_pending(batch: int = 500) -> int:
    """Index suggestions whose indexing task was lost (a broker outage at submit time) or that
    were submitted while tasks ran inline."""
    pending = Suggestion.objects.filter(indexed_at=None).order_by("id")[:batch]
    return search.index_suggestions(pending)
