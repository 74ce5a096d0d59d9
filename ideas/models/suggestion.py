"""The suggestion, its reference numbers and its event table (the timeline and audit trail)."""

from __future__ import annotations

import base64
import hashlib

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ideas.lifecycle import DECIDED_STATES, OPEN_STATES, State
from ideas.models.challenges import Challenge
from popsote.accounts.roles import is_coordinator
from popsote.core.models import Event

PUBLIC = Q(is_private=False, is_hidden=False)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tracking_token_for(nonce: str) -> str:
    """The private tracking token of a signed-out submitter, derived from a stored random
    nonce and the site's secret key: the database alone (a leaked backup, say) cannot give it,
    while later notifications can still carry the link. Rotating the secret key retires the
    old links."""
    digest = salted_hmac("popsote.ideas.tracking", nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class SuggestionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(PUBLIC)

    def visible_to(self, user):
        """What ``user`` may see: public suggestions, their own, their groups' and, for
        coordinators, everything. Lists and detail pages both start here."""
        if not getattr(user, "is_authenticated", False):
            return self.public()
        if is_coordinator(user):
            return self.all()
        return self.filter(
            PUBLIC | Q(submitter=user) | Q(group__in=user.group_memberships.values("group"))
        )

    def for_cards(self):
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related(
            "kind", "area", "service_area", "stakeholder_group", "group", "challenge"
        )


class Suggestion(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        EVENT = "event", _("At an event")
        PHONE = "phone", _("By phone")
        PAPER = "paper", _("Paper form")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("the need or problem"))
    proposed_solution = models.TextField(_("proposed solution"), blank=True)
    beneficiaries = models.TextField(_("who would benefit"), blank=True)
    kind = models.ForeignKey(
        "taxonomy.SuggestionKind",
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        "taxonomy.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    service_area = models.ForeignKey(
        "taxonomy.ServiceArea",
        verbose_name=_("service area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stakeholder_group = models.ForeignKey(
        "taxonomy.StakeholderGroup",
        verbose_name=_("submitted as"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    themes = models.ManyToManyField(
        "taxonomy.StrategyTheme", verbose_name=_("strategy themes"), blank=True, related_name="+"
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    language = models.CharField(
        _("language of the text"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    group = models.ForeignKey(
        "processing_groups.HandlerGroup",
        verbose_name=_("handler group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_suggestions",
    )
    # What a decision recorded besides its public message.
    not_advanced_reason = models.ForeignKey(
        "taxonomy.DecisionReason",
        verbose_name=_("reason for not taking forward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    solution_link = models.URLField(_("existing solution"), max_length=500, blank=True)
    # Service levels: the targets are set when a group gets the suggestion (from the group's
    # days, counted from submission); ``due_at`` is the next one still pending, so that a queue
    # sorts by urgency and filters what is overdue on one indexed column.
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    decision_due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    # Who: a signed-in person, or a signed-out one with an optional e-mail and a private
    # tracking link, or someone entered by a contact person on their behalf.
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    submitter_email = models.EmailField(_("submitter's e-mail"), blank=True)
    show_submitter_name = models.BooleanField(_("show my name"), default=False)
    tracking_token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    tracking_nonce = models.CharField(max_length=32, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )

    is_private = models.BooleanField(
        _("only for the handlers"),
        default=False,
        help_text=_("A private suggestion is seen only by the handlers and coordinators."),
    )
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)

    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    search_vector = SearchVectorField(null=True, editable=False)
    # Null until the lemmatized vector is stored; a periodic job indexes what was missed.
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The board's orderings, on public rows only: keyset pages walk these.
            models.Index(
                fields=["-created_at", "-id"], condition=PUBLIC, name="sugg_public_newest"
            ),
            models.Index(
                fields=["-support_count", "-id"], condition=PUBLIC, name="sugg_public_supported"
            ),
            models.Index(fields=["area", "-created_at"], condition=PUBLIC, name="sugg_area_new"),
            models.Index(
                fields=["service_area", "-created_at"], condition=PUBLIC, name="sugg_service_new"
            ),
            models.Index(fields=["kind", "-created_at"], condition=PUBLIC, name="sugg_kind_new"),
            models.Index(fields=["state", "-created_at"], name="sugg_state_new"),
            models.Index(
                fields=["stakeholder_group", "-created_at"],
                condition=PUBLIC,
                name="sugg_stakeholder_new",
            ),
            models.Index(fields=["challenge", "-created_at"], name="sugg_challenge_new"),
            models.Index(fields=["group", "state"], name="sugg_group_state"),
            models.Index(
                fields=["group", "due_at"], condition=Q(due_at__isnull=False), name="sugg_group_due"
            ),
            # A group's open work in queue order (next deadline, none last; then the oldest):
            # the queue reads its first page off this without sorting, and the load counts
            # (open, in processing, information requested, overdue) read only open rows, from
            # the index alone.
            models.Index(
                fields=["group", "due_at", "created_at", "id"],
                include=["state"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="sugg_group_open_queue",
            ),
            # What falls due across every group in a span of time: the part of "overdue now"
            # that the metrics' monthly rollup of deadlines leaves to be counted (this month's).
            models.Index(
                fields=["due_at"],
                include=["group", "area", "stakeholder_group"],
                condition=Q(state__in=sorted(OPEN_STATES), group__isnull=False),
                name="sugg_open_due",
            ),
            # A person's open work in a group, in queue order ("assigned to me").
            models.Index(
                fields=["assignee", "group", "due_at", "created_at", "id"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="sugg_assignee_open_queue",
            ),
            # "Decided lately" per group, without reading the decided rows of earlier years.
            models.Index(
                fields=["group", "decided_at"],
                condition=Q(decided_at__isnull=False),
                name="sugg_group_decided",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(group=None, state=State.RECEIVED),
                name="sugg_triage",
            ),
            GinIndex(fields=["search_vector"], name="sugg_search"),
            models.Index(fields=["id"], condition=Q(indexed_at=None), name="sugg_not_indexed"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="sugg_title_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"reference": self.reference})

    @property
    def is_public(self) -> bool:
        return not self.is_private and not self.is_hidden

    def tracking_token(self) -> str | None:
        """The clear tracking token, for links in later e-mails; None for a signed-in
        submitter."""
        return tracking_token_for(self.tracking_nonce) if self.tracking_nonce else None

    @property
    def in_triage(self) -> bool:
        """Routing found no single group: the coordinators place it."""
        return self.group_id is None and self.state == State.RECEIVED

    def deadline_state(self, now=None) -> str:
        """``overdue``, ``soon`` (within three days) or ``""``: the queue's badge."""
        if self.due_at is None:
            return ""
        now = now or timezone.now()
        if self.due_at < now:
            return "overdue"
        return "soon" if (self.due_at - now).days < 3 else ""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES

    @property
    def public_author(self) -> str:
        """What the public sees of the submitter: the stakeholder group, or the name when they
        chose to show it."""
        if self.show_submitter_name and self.submitter_id and self.submitter.name:
            return self.submitter.name
        return self.stakeholder_group.label


class ReferenceSequence(models.Model):
    """The last number given in a year: references read ``2026-000123``."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class SuggestionEvent(Event):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="events")
    # The suggestion's group once the event happened (after a route or transfer, the new one):
    # a figure counts the event under the group that had the suggestion then.
    group = models.ForeignKey(
        "processing_groups.HandlerGroup",
        verbose_name=_("handler group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    subject_field = "suggestion"

    @classmethod
    def snapshot(cls, subject) -> dict:
        return {"group_id": subject.group_id}

    class Meta(Event.Meta):
        verbose_name = _("suggestion event")
        verbose_name_plural = _("suggestion events")
        indexes = [models.Index(fields=["suggestion", "created_at"], name="sugg_event_timeline")]
