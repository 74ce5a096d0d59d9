"""Every write about notifications: writing them (the outbox), reading, preferences,
unsubscribing and once-per-period reminders. Delivery is in ``delivery.py``.

``notify_users`` and ``notify_address`` are called inside the transaction of the event that causes
them, so the rows commit or roll back with it. The e-mail is queued after the commit; a broker
that is down only delays it: the row stays pending and the sweep (``deliver_pending``) sends it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypedDict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from popsote.core.queue import enqueue
from popsote.notifications import tasks, tokens
from popsote.notifications.models import (
    DEFAULT_FREQUENCY,
    Category,
    EmailState,
    Frequency,
    Notification,
    Preference,
    Reminder,
    Unsubscription,
)

logger = logging.getLogger(__name__)

# Inside ``quiet()``: notifications are written for the site only, never e-mailed.
_quiet: ContextVar[bool] = ContextVar("popsote_notifications_quiet", default=False)


@contextmanager
def quiet() -> Iterator[None]:
    """Write notifications without e-mailing them: for history recorded in bulk (the demo
    data), whose events people did not just cause. The in-site rows are written as usual."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


class Text(TypedDict):
    title: str
    body: str
    url: str


# Called once per site language, with that language active: {"title", "body", "url"}.
Render = Callable[[], Text]


def render_all(render: Render) -> dict[str, Text]:
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            text = render()
            texts[language] = {key: str(text.get(key, "")) for key in ("title", "body", "url")}
    return texts


def frequencies_for(user_ids: Iterable[int], category: str) -> dict[int, str]:
    """Each person's chosen frequency for ``category`` (the default when they chose none)."""
    user_ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, category=category).values_list(
            "user_id", "frequency"
        )
    )
    default = DEFAULT_FREQUENCY[category]
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def _email_plan(frequency: str, has_address: bool) -> tuple[str, str]:
    """(email_state, digest_frequency) of a new notification."""
    if frequency == Frequency.OFF or not has_address or _quiet.get():
        return EmailState.SKIPPED, ""
    if frequency in (Frequency.DAILY, Frequency.WEEKLY):
        return EmailState.WAITING, frequency
    return EmailState.PENDING, ""


def notify_users(
    *,
    users: Iterable,
    category: str,
    kind: str,
    render: Render,
    topic: str = "",
    source: str = "",
    exclude: Iterable = (),
) -> list[Notification]:
    """Write a notification for each of ``users`` (people or ids; inactive ones are left out),
    in the caller's transaction; queue the immediate e-mails for after the commit.

    The in-site notification is always written; the e-mail follows each person's preference for
    ``category``: at once, in a digest, or not at all.
    """
    excluded = {getattr(user, "pk", user) for user in exclude}
    user_ids = {getattr(user, "pk", user) for user in users} - excluded - {None}
    if not user_ids:
        return []
    people = list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", "email", "preferred_language")
        .order_by("pk")
    )
    if not people:
        return []
    texts = render_all(render)
    frequencies = frequencies_for([pk for pk, _email, _language in people], category)
    now = timezone.now()
    rows = []
    for pk, email, language in people:
        state, digest_frequency = _email_plan(frequencies[pk], bool(email))
        rows.append(
            Notification(
                recipient_id=pk,
                language=language or settings.LANGUAGE_CODE,
                category=category,
                kind=kind,
                texts=texts,
                topic=topic,
                source=source,
                created_at=now,
                email_state=state,
                digest_frequency=digest_frequency,
                next_attempt_at=now if state == EmailState.PENDING else None,
            )
        )
    created = Notification.objects.bulk_create(rows)
    _queue_delivery([row.pk for row in created if row.email_state == EmailState.PENDING])
    return created


def notify_address(
    *,
    email: str,
    language: str,
    category: str,
    kind: str,
    render: Render,
    topic: str,
    source: str = "",
) -> Notification | None:
    """An e-mail to a signed-out person's address about ``topic``, unless they unsubscribed
    from it. It has no in-site side: nobody can sign in to read it."""
    email = email.strip().lower()
    if not email:
        return None
    if _quiet.get():  # the row would exist only for its e-mail
        return None
    if Unsubscription.objects.filter(address_hash=tokens.address_hash(email), topic=topic).exists():
        return None
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    now = timezone.now()
    notification = Notification.objects.create(
        email=email,
        language=language,
        category=category,
        kind=kind,
        texts=render_all(render),
        topic=topic,
        source=source,
        created_at=now,
        # Read by nobody in the site: it exists for its e-mail.
        read_at=now,
        email_state=EmailState.PENDING,
        next_attempt_at=now,
    )
    _queue_delivery([notification.pk])
    return notification


def _queue_delivery(notification_ids: list[int]) -> None:
    """Queue each e-mail once the caller's transaction commits. A broker that is down is
    logged, never raised, and not waited for twice: the row stays pending and the sweep
    delivers it."""
    if notification_ids:
        transaction.on_commit(lambda: [enqueue(tasks.deliver, pk) for pk in notification_ids])


# --- Reading ---------------------------------------------------------------------------------


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read (idempotent); ``DoesNotExist`` for
    anyone else's, exactly as for one that does not exist."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


def notifications_mark_read_about(*, user, topic: str, kinds: Iterable[str] = ()) -> int:
    """Mark read the person's unread notifications about ``topic`` (``suggestion:42``), of
    ``kinds`` only when given: for when the person did what a notification asked of them, so
    that it does not stay "new". ``user`` is a person or an id; how many were marked."""
    unread = Notification.objects.filter(
        recipient_id=getattr(user, "pk", user), topic=topic, read_at=None
    )
    if kinds:
        unread = unread.filter(kind__in=list(kinds))
    return unread.update(read_at=timezone.now())


# --- Preferences and unsubscribing -----------------------------------------------------------


def preferences_of(user) -> dict[str, str]:
    """Every category with the person's frequency for it, the default where they chose none."""
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "frequency"))
    return {category: chosen.get(category, DEFAULT_FREQUENCY[category]) for category in Category}


def preferences_set(*, user, frequencies: dict[str, str]) -> None:
    """Save the person's choices. E-mails that still wait follow the new choice: turned off,
    they are not sent; moved between digests or to "immediately", they go with the next one."""
    with transaction.atomic():
        for category, frequency in frequencies.items():
            if category not in Category.values or frequency not in Frequency.values:
                raise ValueError(f"unknown category or frequency: {category}={frequency}")
            Preference.objects.update_or_create(
                user=user, category=category, defaults={"frequency": frequency}
            )
            waiting = Notification.objects.filter(
                recipient=user,
                category=category,
                email_state__in=(EmailState.PENDING, EmailState.WAITING),
                digest=None,
            )
            if frequency == Frequency.OFF:
                waiting.update(email_state=EmailState.SKIPPED, digest_frequency="")
            elif frequency == Frequency.IMMEDIATELY:
                ids = list(
                    waiting.filter(email_state=EmailState.WAITING).values_list("pk", flat=True)
                )
                Notification.objects.filter(pk__in=ids).update(
                    email_state=EmailState.PENDING,
                    digest_frequency="",
                    next_attempt_at=timezone.now(),
                )
                _queue_delivery(ids)
            else:
                waiting.update(email_state=EmailState.WAITING, digest_frequency=frequency)


def unsubscribe(*, token: str) -> dict | None:
    """Act on a signed unsubscribe token: the person's categories off, or the address off the
    topic. Idempotent; None (and nothing changed) for a token that is not ours."""
    payload = tokens.read(token)
    if payload is None:
        return None
    if "u" in payload:
        user = get_user_model().objects.filter(pk=payload["u"]).first()
        if user is None:
            return None
        categories = [c for c in payload["c"] if c in Category.values]
        preferences_set(user=user, frequencies=dict.fromkeys(categories, Frequency.OFF))
        return {"categories": categories}
    with transaction.atomic():
        Unsubscription.objects.get_or_create(address_hash=payload["a"], topic=payload["t"])
        Notification.objects.filter(pk__in=_address_rows(payload["a"], payload["t"])).update(
            email_state=EmailState.SKIPPED
        )
    return {"topic": payload["t"]}


def _address_rows(address_hash: str, topic: str) -> list[int]:
    rows = Notification.objects.filter(
        recipient=None, topic=topic, email_state=EmailState.PENDING
    ).values_list("pk", "email")
    return [pk for pk, email in rows if tokens.address_hash(email) == address_hash]


# --- Reminders -------------------------------------------------------------------------------


def reminder_claim(*, key: str, period: str) -> bool:
    """True exactly once per ``key`` and ``period``, across processes: the caller reminds
    only then. Runs in the caller's transaction, so a reminder that rolls back is not spent."""
    try:
        with transaction.atomic():
            _, created = Reminder.objects.get_or_create(key=key, period=period)
    except IntegrityError:  # another job claimed it at the same moment
        return False
    return created
