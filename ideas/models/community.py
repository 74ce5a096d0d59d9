"""What people do around a suggestion: supports, follows, comments and reports of content."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.models.suggestion import Suggestion


class Act(models.Model):
    """Something a person did about a suggestion, kept with the stakeholder group they had when
    they did it: the profile may change later, and the figures count the act under the group
    it was made in."""

    stakeholder_group = models.ForeignKey(
        "taxonomy.StakeholderGroup",
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class Support(Act):
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


class Comment(Act):
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


class ReportResolution(models.TextChoices):
    OPEN = "", _("Open")
    HIDDEN = "hidden", _("Content hidden")
    DISMISSED = "dismissed", _("No action needed")


class Report(models.Model):
    """What every report of content holds (a suggestion's or a comment's here, a showroom
    feedback's there): who reported, why, and how a moderator resolved it. Each reported thing
    has its own concrete table with the foreign key to it."""

    Resolution = ReportResolution

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
        max_length=10, choices=ReportResolution.choices, default=ReportResolution.OPEN, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.reason[:60]


class ContentReportQuerySet(models.QuerySet):
    def open_by(self, reporter, *, suggestion=None, comment=None) -> ContentReportQuerySet:
        """``reporter``'s report of the suggestion (or the comment) waiting for a moderator:
        at most one (a constraint)."""
        return self.filter(reporter=reporter, suggestion=suggestion, comment=comment, resolution="")


class ContentReport(Report):
    """Someone reported a suggestion or a comment as inappropriate; coordinators resolve it."""

    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )

    objects = ContentReportQuerySet.as_manager()

    class Meta(Report.Meta):
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
