"""Suggestions and everything people do around them: supports, follows, comments, reports."""

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

from ideas.lifecycle import DECIDED_STATES, OPEN_STATES, MeetingState, State
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


class Challenge(models.Model):
    """A themed call for suggestions with a deadline, opened by the coordinators."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"))
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:challenge", kwargs={"slug": self.slug})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.deadline


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

    class Meta(Event.Meta):
        verbose_name = _("suggestion event")
        verbose_name_plural = _("suggestion events")
        indexes = [models.Index(fields=["suggestion", "created_at"], name="sugg_event_timeline")]


class ImpactAssessment(models.Model):
    """Opened when a suggestion is deployed: did the change do what it promised? The metrics
    work fills it in; until then it is a reminder that the assessment is due."""

    suggestion = models.OneToOneField(
        Suggestion, on_delete=models.CASCADE, related_name="impact_assessment"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    due_at = models.DateTimeField(_("assessment due"))
    summary = models.TextField(_("assessment"), blank=True)
    completed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        ordering = ["due_at"]

    def __str__(self) -> str:
        return f"{self.suggestion.reference}"


class Support(models.Model):
    """“I have this need too”: one per person and suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "user"], name="support_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.suggestion_id}"


class Follow(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "user"], name="follow_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.suggestion_id}"


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Comment(models.Model):
    EDIT_WINDOW_MINUTES = 15

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    # Plain text; templates escape it. Never rendered as HTML.
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["suggestion", "created_at"], name="comment_thread")]

    def __str__(self) -> str:
        return self.body[:60]

    def is_editable_by(self, user, now=None) -> bool:
        now = now or timezone.now()
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and not self.is_hidden
            and (now - self.created_at).total_seconds() < self.EDIT_WINDOW_MINUTES * 60
        )


class ContentReportQuerySet(models.QuerySet):
    def open_by(self, reporter, *, suggestion=None, comment=None) -> ContentReportQuerySet:
        """``reporter``'s report of the suggestion (or the comment) waiting for a moderator:
        at most one (a constraint)."""
        return self.filter(reporter=reporter, suggestion=suggestion, comment=comment, resolution="")


class ContentReport(models.Model):
    """Someone reported a suggestion or a comment as inappropriate; coordinators resolve it."""

    class Resolution(models.TextChoices):
        OPEN = "", _("Open")
        HIDDEN = "hidden", _("Content hidden")
        DISMISSED = "dismissed", _("No action needed")

    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("why is this inappropriate?"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(
        max_length=10, choices=Resolution.choices, default=Resolution.OPEN, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ContentReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(suggestion__isnull=False, comment__isnull=True)
                | Q(suggestion__isnull=True, comment__isnull=False),
                name="report_exactly_one_target",
            ),
            # A person's report stays open until a moderator resolves it; reporting the same
            # thing again meanwhile adds nothing. Once resolved, the thing (an edited comment)
            # may be reported anew.
            models.UniqueConstraint(
                fields=["reporter", "suggestion"],
                condition=Q(resolution="", suggestion__isnull=False),
                name="report_open_once_per_person_suggestion",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(resolution="", comment__isnull=False),
                name="report_open_once_per_person_comment",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(resolution=""), name="report_open_queue"
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class Evaluation(models.Model):
    """One member's evaluation of one suggestion: a score per criterion and a comment."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("suggestion"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "evaluator"], name="evaluation_unique_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} – {self.suggestion_id}"


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        "taxonomy.EvaluationCriterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="evaluationscore_unique_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="evaluationscore_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class Meeting(models.Model):
    """A meeting of a handler group: an agenda of suggestions and, once held, its minutes."""

    State = MeetingState

    group = models.ForeignKey(
        "processing_groups.HandlerGroup",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)
    # Recorded with the minutes, as the secretary writes them (guests need no account).
    attendees = models.TextField(_("attendees"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["group", "-starts_at"], name="meeting_group_starts")]

    def __str__(self) -> str:
        return self.title


class MeetingEvent(Event):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(Event.Meta):
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")


class AgendaItem(models.Model):
    """A suggestion on a meeting's agenda and, once the minutes are recorded, its decision."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Decision applied")
        NO_DECISION = "no_decision", _("Discussed, no decision")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("suggestion"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # An ``ideas.lifecycle.Action`` value, or "" for "discussed, no decision".
    decision = models.CharField(_("decision"), max_length=40, blank=True)
    public_message = models.TextField(_("public message"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    reason = models.ForeignKey(
        "taxonomy.DecisionReason",
        verbose_name=_("reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_reference = models.CharField(_("target suggestion"), max_length=20, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "suggestion"], name="agendaitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.suggestion_id}"


def attachment_path(instance, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"attachments/{instance.suggestion.reference}/{instance.token}{instance.extension}"


class Attachment(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
