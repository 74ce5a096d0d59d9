"""Sending the outbox: one e-mail per notification or digest, exactly once.

Each delivery locks its row with ``SELECT … FOR UPDATE SKIP LOCKED`` and re-reads its state, so
two workers (a queued task and the sweep, or a task delivered twice by the broker) never send
the same mail: the second finds the row locked or already sent and does nothing. The mail is
sent while the lock is held and the row is marked sent in the same transaction. A failure
records the attempt and the time of the next one (exponential backoff) and, after
``MAX_ATTEMPTS``, gives up as ``failed``. A worker that dies mid-way rolls its transaction back:
the row is still pending and the sweep sends it.

The one window left is a worker that dies after the mail server accepted a mail and before the
commit; the mail can then go twice. Its ``Message-ID`` is derived from the row, so mail
systems that de-duplicate by it show one.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.apps import apps as django_apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from popsote.core.site import absolute_url, site_domain
from popsote.notifications import tokens
from popsote.notifications.models import (
    PRIVATE_LINK,
    Category,
    Digest,
    EmailState,
    Frequency,
    Notification,
    Unsubscription,
    day_period,
    week_period,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
SEND_ERRORS = (SMTPException, OSError)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after the ``attempts``-th failure (the eighth comes ~2 h later)."""
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)


# --- One notification ------------------------------------------------------------------------


def deliver_notification(notification_id: int, *, now=None) -> str:
    """Send one notification's e-mail if it is pending and due. Returns what happened:
    ``sent``, ``retry``, ``failed``, ``skipped`` or ``""`` (nothing to do: already handled,
    not yet due, or another worker has it)."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, email_state=EmailState.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if notification is None:
            return ""
        recipient = notification.recipient
        address = recipient.email if recipient else notification.email
        message = None
        if address and (not recipient or recipient.is_active) and not _unsubscribed(notification):
            message = single_message(notification, address)
        if message is None:
            notification.email_state = EmailState.SKIPPED
            notification.save(update_fields=["email_state"])
            return "skipped"
        try:
            message.send()
        except SEND_ERRORS as error:
            return _failed(notification, error, now=now)
        notification.email_state = EmailState.SENT
        notification.sent_at = now
        notification.attempts += 1
        notification.last_error = ""
        notification.save(update_fields=["email_state", "sent_at", "attempts", "last_error"])
        return "sent"


def _unsubscribed(notification: Notification) -> bool:
    if notification.recipient_id or not notification.topic:
        return False
    return Unsubscription.objects.filter(
        address_hash=tokens.address_hash(notification.email), topic=notification.topic
    ).exists()


def _failed(row, error: Exception, *, now) -> str:
    """Record a failed attempt on ``row`` (a notification or a digest) and when to try again."""
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.email_state = EmailState.FAILED
        row.next_attempt_at = None
        logger.error(
            "Giving up on %s %s after %s attempts", type(row).__name__, row.pk, row.attempts
        )
        outcome = "failed"
    else:
        row.next_attempt_at = now + backoff(row.attempts)
        logger.warning(
            "%s %s failed (%s); retrying at %s",
            type(row).__name__,
            row.pk,
            error,
            row.next_attempt_at,
        )
        outcome = "retry"
    row.save(update_fields=["attempts", "last_error", "email_state", "next_attempt_at"])
    return outcome


def single_message(notification: Notification, address: str) -> EmailMultiAlternatives | None:
    """The notification's e-mail to ``address``; None when it links to a private page that no
    domain app can give a link to any more (see ``Notification``)."""
    language = notification.language
    text = notification.text(language)
    url = text.get("url", "")
    if url == PRIVATE_LINK:
        url = private_link(notification.topic, language)
        if not url:
            return None
    if notification.recipient_id:
        token = tokens.for_user(notification.recipient_id, [notification.category])
    else:
        token = tokens.for_address(notification.email, notification.topic)
    unsubscribe = tokens.unsubscribe_url(token, language)
    context = {
        "title": text.get("title", ""),
        "body": text.get("body", ""),
        "url": absolute_url(url) if url else "",
        "category": Category(notification.category).label,
        "signed_in": bool(notification.recipient_id),
        "preferences_url": tokens.preferences_url(language),
        "unsubscribe_url": unsubscribe,
    }
    return _message(
        "notifications/email/single",
        context,
        to=address,
        language=language,
        unsubscribe_url=unsubscribe,
        message_id=f"notification-{notification.pk}",
    )


def private_link(topic: str, language: str) -> str:
    """The secret link, in ``language``, that a notification about ``topic`` carries to its
    address: asked of each domain app's ``notification_private_link(topic)``; "" when none
    gives one."""
    with translation.override(language):
        for config in django_apps.get_app_configs():
            provider = getattr(config, "notification_private_link", None)
            link = provider(topic) if provider is not None else None
            if link:
                return link
    return ""


def _message(
    template: str, context: dict, *, to: str, language: str, unsubscribe_url: str, message_id: str
) -> EmailMultiAlternatives:
    """A plain-text and HTML e-mail in ``language`` to one address, with one-click unsubscribe
    headers (RFC 8058) and a Message-ID that is the same on every attempt."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    domain = site_domain()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[to],
        headers={
            "Message-ID": f"<{message_id}@{domain or 'popsote'}>",
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Digests ---------------------------------------------------------------------------------


def digest_period(frequency: str, now=None) -> str:
    return day_period(now) if frequency == Frequency.DAILY else week_period(now)


def digests_build(*, frequency: str, now=None, batch: int = 500) -> list[int]:
    """Gather each person's waiting notifications of ``frequency`` into one digest for this
    period; the ids of the digests built, each committed and due at once (the caller queues
    their delivery, and the sweep sends those it does not). A person whose digest for the
    period exists already waits for the next period: one digest per period, however often
    this runs."""
    now = now or timezone.now()
    period = digest_period(frequency, now)
    waiting = Notification.objects.filter(
        email_state=EmailState.WAITING, digest_frequency=frequency, digest=None, created_at__lte=now
    )
    recipients = list(
        waiting.exclude(
            recipient__notification_digests__frequency=frequency,
            recipient__notification_digests__period=period,
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:batch]
    )
    built = []
    for recipient_id in recipients:
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(
                recipient_id=recipient_id,
                frequency=frequency,
                period=period,
                defaults={"created_at": now, "next_attempt_at": now},
            )
            if not created:
                continue
            waiting.filter(recipient_id=recipient_id).update(digest=digest)
            built.append(digest.pk)
    return built


def deliver_digest(digest_id: int, *, now=None) -> str:
    """Send one digest if it is pending and due; what happened, as ``deliver_notification``."""
    now = now or timezone.now()
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=digest_id, email_state=EmailState.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if digest is None:
            return ""
        items = list(
            digest.notifications.filter(email_state=EmailState.WAITING).order_by("created_at", "id")
        )
        if not items or not digest.recipient.email or not digest.recipient.is_active:
            digest.email_state = EmailState.SKIPPED
            digest.save(update_fields=["email_state"])
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(
                email_state=EmailState.SKIPPED
            )
            return "skipped"
        try:
            digest_message(digest, items).send()
        except SEND_ERRORS as error:
            return _failed(digest, error, now=now)
        digest.email_state = EmailState.SENT
        digest.sent_at = now
        digest.attempts += 1
        digest.save(update_fields=["email_state", "sent_at", "attempts"])
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            email_state=EmailState.SENT, sent_at=now, attempts=1
        )
        return "sent"


def digest_message(digest: Digest, items: list[Notification]) -> EmailMultiAlternatives:
    language = digest.recipient.preferred_language or settings.LANGUAGE_CODE
    categories = sorted({item.category for item in items})
    unsubscribe = tokens.unsubscribe_url(tokens.for_user(digest.recipient_id, categories), language)
    groups: dict[str, list[dict]] = {}
    for item in items:
        text = item.text(language)
        groups.setdefault(item.category, []).append(
            {
                "title": text.get("title", ""),
                "body": text.get("body", ""),
                "url": absolute_url(text["url"]) if text.get("url") else "",
                "created_at": item.created_at,
            }
        )
    with translation.override(language):
        sections = [
            {"label": str(Category(category).label), "items": groups[category]}
            for category in Category.values
            if category in groups
        ]
    context = {
        "daily": digest.frequency == Frequency.DAILY,
        "count": len(items),
        "sections": sections,
        "preferences_url": tokens.preferences_url(language),
        "unsubscribe_url": unsubscribe,
    }
    return _message(
        "notifications/email/digest",
        context,
        to=digest.recipient.email,
        language=language,
        unsubscribe_url=unsubscribe,
        message_id=f"digest-{digest.pk}",
    )


# --- The sweep -------------------------------------------------------------------------------


def deliver_pending(*, now=None, batch: int = 200) -> dict[str, int]:
    """Send whatever is due and was not sent by its own task: lost when the broker was down,
    left by a worker that died, or waiting for its retry. Safe to run beside the tasks and
    beside another sweep (each row is locked while it is sent)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    due = Q(email_state=EmailState.PENDING, next_attempt_at__lte=now)
    ids = list(
        Notification.objects.filter(due)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:batch]
    )
    for notification_id in ids:
        outcome = deliver_notification(notification_id, now=now) or "busy"
        counts[outcome] = counts.get(outcome, 0) + 1
    digest_ids = list(
        Digest.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)[:batch]
    )
    for digest_id in digest_ids:
        outcome = deliver_digest(digest_id, now=now) or "busy"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
