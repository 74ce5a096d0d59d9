from celery import shared_task

# The worker imports this module; importing the mail task registers it too.
from ideas.mail import send_tracking_mail  # noqa: F401
from ideas.models import Suggestion
from ideas.search import index_suggestion as index
from ideas.search import index_suggestions


@shared_task(name="ideas.index_suggestion", acks_late=True)
def index_suggestion(suggestion_id: int) -> None:
    """Lemmatize a suggestion into its stored search vector (idempotent)."""
    suggestion = Suggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is not None:
        index(suggestion)


@shared_task(name="ideas.index_pending")
def index_pending(batch: int = 500) -> int:
    """Index suggestions whose indexing task was lost (a broker outage at submit time)."""
    pending = Suggestion.objects.filter(indexed_at=None).order_by("id")[:batch]
    return index_suggestions(pending)
