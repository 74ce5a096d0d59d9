"""E-mail to a signed-out submitter: the reference and the private tracking link.

The clear tracking token is not a column: it is derived from the suggestion's stored nonce and
the site's secret key (``Suggestion.tracking_token``), which is how later notifications carry
the same link. The submission, which has it at hand, passes it to this task as an argument
(through the broker, briefly). The suggestion is saved before the task is queued: a mail
server that is down delays the mail, it never loses the suggestion.
"""

from __future__ import annotations

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ideas.models import Suggestion
from popsote.core.site import absolute_url

logger = logging.getLogger(__name__)


@shared_task(
    name="ideas.send_tracking_mail",
    bind=True,
    acks_late=True,
    max_retries=6,
    default_retry_delay=60,
)
def send_tracking_mail(self, suggestion_id: int, tracking_token: str, language: str, *_) -> bool:
    """Send the tracking mail; False when there is nothing to send (gone, or no address).

    Tasks queued by earlier releases carry the address of the request as a fourth argument;
    the link is now always on the configured site address."""
    suggestion = (
        Suggestion.objects.filter(pk=suggestion_id)
        .exclude(submitter_email="")
        .only("reference", "title", "submitter_email", "entered_by_id")
        .first()
    )
    if suggestion is None:
        return False
    message = tracking_message(suggestion, tracking_token=tracking_token, language=language)
    try:
        message.send()
    except (SMTPException, OSError) as error:
        if self.request.is_eager:
            # Inline (no broker): nobody would run a retry, so say so and go on.
            logger.exception("Tracking mail for %s failed", suggestion.reference)
            return False
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
    return True


def tracking_message(
    suggestion: Suggestion, *, tracking_token: str, language: str
) -> EmailMultiAlternatives:
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "suggestion": suggestion,
            "tracking_url": absolute_url(reverse("ideas:track", kwargs={"token": tracking_token})),
            "on_behalf": bool(suggestion.entered_by_id),
        }
        subject = render_to_string("ideas/emails/tracking_subject.txt", context)
        text = render_to_string("ideas/emails/tracking.txt", context)
        html = render_to_string("ideas/emails/tracking.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[suggestion.submitter_email],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
