"""Handler group meetings, their agenda and their own event table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ideas.lifecycle import MeetingState
from ideas.models.suggestion import Suggestion
from popsote.core.models import Event


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

    subject_field = "meeting"

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
