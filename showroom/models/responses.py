"""People's responses to a listing, kept apart from the experts' verdict (the label): interest,
feedback, professionals' recommendations; and the needs (suggestions) a listing answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ideas.models import Report
from showroom.models.listings import Listing


class Interest(models.Model):
    """“This could help me”: once per signed-in person, or per browser (a signed cookie's
    token) for someone who did not sign in."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="showroom_interests",
    )
    browser = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, browser="") | Q(user__isnull=True) & ~Q(browser=""),
                name="showroom_interest_one_owner",
            ),
            models.UniqueConstraint(
                fields=["listing", "user"],
                condition=Q(user__isnull=False),
                name="showroom_interest_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["listing", "browser"],
                condition=~Q(browser=""),
                name="showroom_interest_once_per_browser",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.user_id or 'browser'}"


class UsedAs(models.TextChoices):
    RESIDENT = "resident", _("I use it myself")
    RELATIVE = "relative", _("A relative of mine uses it")
    PROFESSIONAL = "professional", _("I use it in my work")


class FeedbackQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Feedback(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="showroom_feedback",
    )
    # Plain text; templates escape it. Never rendered as HTML.
    text = models.TextField(_("your experience"), max_length=2000)
    used_as = models.CharField(_("how you know it"), max_length=20, choices=UsedAs.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["listing", "created_at"],
                condition=Q(is_hidden=False),
                name="showroom_feedback_visible",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class FeedbackReportQuerySet(models.QuerySet):
    def open_by(self, reporter, *, feedback) -> FeedbackReportQuerySet:
        return self.filter(reporter=reporter, feedback=feedback, resolution="")


class FeedbackReport(Report):
    """Someone reported a feedback as inappropriate; the editors or coordinators resolve it."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="reports")

    objects = FeedbackReportQuerySet.as_manager()

    class Meta(Report.Meta):
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "feedback"],
                condition=Q(resolution=""),
                name="showroom_report_open_once_per_person",
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(resolution=""), name="showroom_report_open"
            )
        ]


class Recommendation(models.Model):
    """A professional recommends the solution: counted apart from residents' interest."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="recommendations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="showroom_recommendations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation by a professional")
        verbose_name_plural = _("recommendations by professionals")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "user"], name="showroom_recommendation_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.listing_id}"


class NeedAnswer(models.Model):
    """“This listing answers that need”: written when a handler answers a suggestion with an
    existing solution whose link is the listing."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="need_answers")
    suggestion = models.ForeignKey(
        "ideas.Suggestion", on_delete=models.CASCADE, related_name="showroom_answers"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("need answered")
        verbose_name_plural = _("needs answered")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "suggestion"], name="showroom_need_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} ↔ {self.suggestion_id}"
