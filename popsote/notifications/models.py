"""The notification outbox: one row per person (or address) and thing they should hear about.

A row is written in the same transaction as the event that causes it, so a notification exists
exactly when its event does. Its e-mail is delivered afterwards by a worker (see
``services.deliver_notification``); the row's ``email_state`` is the truth about that mail.
"""

from __future__ import annotations

from django.apps import apps as django_apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from popsote.accounts.roles import is_coordinator


class Category(models.TextChoices):
    MY_SUGGESTIONS = "my_suggestions", _("My suggestions")
    FOLLOWED = "followed", _("Suggestions I follow or support")
    GROUP_WORK = "group_work", _("Work of my handler groups")
    COORDINATION = "coordination", _("Coordination")
    LABS = "labs", _("OuluHealth Labs")
    SHOWROOM = "showroom", _("AADA showroom")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)

# What a person gets before they choose: decisions on followed suggestions can be many, so they
# come as one daily e-mail; everything else concerns the person's own work and comes at once.
DEFAULT_FREQUENCY = {
    Category.MY_SUGGESTIONS: Frequency.IMMEDIATELY,
    Category.FOLLOWED: Frequency.DAILY,
    Category.GROUP_WORK: Frequency.IMMEDIATELY,
    Category.COORDINATION: Frequency.IMMEDIATELY,
    Category.LABS: Frequency.IMMEDIATELY,
    Category.SHOWROOM: Frequency.IMMEDIATELY,
}


def categories_for(user) -> list[Category]:
    """The categories whose notifications can reach ``user``, in their order: what the person's
    e-mail settings offer.

    Everybody hears of their own suggestions and of what they follow; coordinators of
    coordination. The other categories belong to domain apps, which this foundation does not
    import: an app adds those it sends to ``user`` through a ``notification_categories(user)``
    method on its AppConfig (handler groups: group work, to their members).
    """
    reaching = {Category.MY_SUGGESTIONS, Category.FOLLOWED}
    if is_coordinator(user):
        reaching.add(Category.COORDINATION)
    for config in django_apps.get_app_configs():
        provider = getattr(config, "notification_categories", None)
        if provider is not None:
            reaching.update(provider(user))
    return [category for category in Category if category in reaching]


class EmailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    WAITING = "waiting", _("Waiting for the digest")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")
    FAILED = "failed", _("Failed")


# The url of a notification to an address whose link is a secret: a signed-out submitter's
# private tracking page. See ``Notification``.
PRIVATE_LINK = "{private_link}"


def week_period(now=None) -> str:
    """``2026-W18``: the ISO week in the site's time zone (a weekly digest's or reminder's)."""
    year, week, _day = timezone.localtime(now or timezone.now()).isocalendar()
    return f"{year}-W{week:02d}"


def day_period(now=None) -> str:
    """``2026-05-04``: the day in the site's time zone (a daily digest's)."""
    return timezone.localtime(now or timezone.now()).date().isoformat()


class Notification(models.Model):
    """One thing one person (or a signed-out submitter's address) should hear about.

    The text is rendered in every site language when the row is written (``texts``), so that the
    site shows it in the page's language and the e-mail goes in the recipient's, without the
    generic app knowing the domain that wrote it.

    The texts hold no secret. A signed-out submitter's private tracking link opens their
    suggestion to whoever has it, and the database alone cannot give it (it is derived from a
    stored nonce and the site's secret key); a row that stored it would put working links in
    every database dump. Such a row's url is ``PRIVATE_LINK`` instead, and delivery asks the
    domain apps for the link when it renders the mail, through a
    ``notification_private_link(topic)`` method on their AppConfig (this app imports none of
    them). A row to an address is never shown in the site (nobody signs in to read it), so only
    its e-mail needs the link; when no app gives one any more, the e-mail is not sent.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # A signed-out submitter has only the address they gave, and the suggestion's language.
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    kind = models.CharField(_("kind"), max_length=60)
    # {"fi": {"title": ..., "body": ..., "url": ...}, "sv": {...}, "en": {...}}
    texts = models.JSONField(_("texts"), default=dict)
    # What the notification is about, e.g. ``suggestion:42``: an address unsubscribes from one.
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    # Set when the e-mail waits for a digest: which one (daily or weekly).
    digest_frequency = models.CharField(max_length=10, blank=True)
    digest = models.ForeignKey(
        "Digest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, email="")
                | Q(recipient__isnull=True) & ~Q(email=""),
                name="notification_one_recipient",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread"
            ),
            # The sweep: what is due to be sent.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(email_state="pending"),
                name="notif_due",
            ),
            # The digests: what waits for one.
            models.Index(
                fields=["digest_frequency", "recipient"],
                condition=Q(email_state="waiting", digest__isnull=True),
                name="notif_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id or self.email}"

    def text(self, language: str | None = None) -> dict:
        """The title, body and url in ``language`` (the active one by default)."""
        language = language or get_language() or settings.LANGUAGE_CODE
        return (
            self.texts.get(language)
            or self.texts.get(self.language)
            or next(iter(self.texts.values()), {})
        )

    @property
    def title(self) -> str:
        return self.text().get("title", "")

    @property
    def body(self) -> str:
        return self.text().get("body", "")

    @property
    def url(self) -> str:
        return self.text().get("url", "")

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How often a person wants e-mail about one category; no row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    frequency = models.CharField(_("e-mail"), max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.frequency}"


class Digest(models.Model):
    """One e-mail that gathers a person's waiting notifications of one frequency.

    At most one per person, frequency and period (a day, an ISO week): a digest job that runs
    twice sends nothing twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    period = models.CharField(max_length=10)
    created_at = models.DateTimeField(default=timezone.now)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "frequency", "period"], name="digest_once_per_period"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(email_state="pending"),
                name="digest_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.frequency} {self.period}"


class Unsubscription(models.Model):
    """A signed-out submitter's address stopped mail about one topic (a suggestion).

    The address is stored as a hash: the row has to answer "is this address unsubscribed?",
    never "which addresses are".
    """

    address_hash = models.CharField(max_length=64)
    topic = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address_hash", "topic"], name="unsubscribed_once")
        ]

    def __str__(self) -> str:
        return self.topic


class Reminder(models.Model):
    """A reminder that went out: one per key and period, enforced by the database.

    ``key`` names what and whom (``overdue:group:3:user:7``), ``period`` when (``2026-W18``);
    the service that sends a reminder first inserts its row, so a job that runs twice, or two
    that run at once, remind once.
    """

    key = models.CharField(max_length=150)
    period = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "period"], name="reminder_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.period}"
