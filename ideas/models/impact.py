"""The impact assessment of a deployed suggestion: did the change do what it promised?

Deployment opens it (``mark_deployed``), due ``IDEAS_IMPACT_DUE_DAYS`` later. The group drafts
it: indicators measured before and after, the effects on residents or clients, staff, quality
and costs, the evaluation date and a summary in plain language for the public; completing it
publishes that summary on the suggestion's page. Its changes are rows of its own event table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.lifecycle import ImpactState
from ideas.models.suggestion import Suggestion
from popsote.accounts.roles import is_coordinator
from popsote.core.models import Event


class Effect(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    NO_CHANGE = "no_change", _("No change")
    WORSENED = "worsened", _("Worsened")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


# The effects every assessment answers: (field prefix, label). Each has ``<prefix>`` (the
# choice) and ``<prefix>_text`` (what was seen).
EFFECTS = (
    ("effect_clients", _("Residents and clients")),
    ("effect_staff", _("Staff")),
    ("effect_quality", _("Quality of the service")),
    ("effect_costs", _("Costs")),
)


def _effect(label):
    return models.CharField(label, max_length=20, choices=Effect.choices, blank=True)


class ImpactAssessmentQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(state=ImpactState.COMPLETED)

    def open(self):
        """Not completed yet: the ones a reminder may concern."""
        return self.exclude(state=ImpactState.COMPLETED)

    def visible_to(self, user):
        """What ``user`` may read: the completed public part of the suggestions they may see;
        every state of their groups' suggestions and, for coordinators, of all."""
        visible = Suggestion.objects.visible_to(user).values("pk")
        if is_coordinator(user):
            return self.all()
        handled = Q(pk__in=[])
        if getattr(user, "is_authenticated", False):
            handled = Q(suggestion__group__in=user.group_memberships.values("group"))
        return self.filter(Q(state=ImpactState.COMPLETED, suggestion__in=visible) | handled)


class ImpactAssessment(models.Model):
    suggestion = models.OneToOneField(
        Suggestion, on_delete=models.CASCADE, related_name="impact_assessment"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ImpactState.choices, default=ImpactState.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    due_at = models.DateTimeField(_("assessment due"))
    evaluated_on = models.DateField(_("evaluation date"), null=True, blank=True)
    # The public summary: what the change did, in plain language.
    summary = models.TextField(_("public summary"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    effect_clients = _effect(_("effect on residents and clients"))
    effect_clients_text = models.TextField(_("residents and clients: what was seen"), blank=True)
    effect_staff = _effect(_("effect on staff"))
    effect_staff_text = models.TextField(_("staff: what was seen"), blank=True)
    effect_quality = _effect(_("effect on quality"))
    effect_quality_text = models.TextField(_("quality: what was seen"), blank=True)
    effect_costs = _effect(_("effect on costs"))
    effect_costs_text = models.TextField(_("costs: what was seen"), blank=True)
    # Savings are negative, added costs positive: the change's effect on the yearly budget.
    cost_per_year_eur = models.DecimalField(
        _("estimated cost effect, euros a year"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    completed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ImpactAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        ordering = ["due_at"]
        indexes = [
            # The daily reminder reads the open ones that have fallen due.
            models.Index(
                fields=["due_at"], condition=~Q(state="completed"), name="impact_open_due"
            ),
            # The public statistics list the latest deployments first.
            models.Index(fields=["-opened_at", "-id"], name="impact_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion.reference}"

    @property
    def is_completed(self) -> bool:
        return self.state == ImpactState.COMPLETED

    def due_state(self, now=None) -> str:
        """``done``, ``overdue``, ``due`` (within 30 days) or ``""``: the queue's badge."""
        if self.is_completed:
            return "done"
        now = now or timezone.now()
        if self.due_at <= now:
            return "overdue"
        return "due" if (self.due_at - now).days < 30 else ""

    def effects(self) -> list[dict]:
        """Each effect with its label, choice and text, in the order of ``EFFECTS``."""
        return [
            {
                "code": prefix.removeprefix("effect_"),
                "label": label,
                "value": getattr(self, prefix),
                "value_label": Effect(getattr(self, prefix)).label if getattr(self, prefix) else "",
                "text": getattr(self, f"{prefix}_text"),
            }
            for prefix, label in EFFECTS
        ]


class ImpactIndicator(models.Model):
    """One measure of the change, before and after: "waiting time 14 days → 9 days"."""

    assessment = models.ForeignKey(
        ImpactAssessment, on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_value = models.DecimalField(
        _("value before"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.CharField(
        _("measured before: period or date"), max_length=100, blank=True
    )
    result_value = models.DecimalField(
        _("value after"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    result_date = models.DateField(_("measured after"), null=True, blank=True)
    source = models.CharField(_("source and how measured"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("impact indicator")
        verbose_name_plural = _("impact indicators")
        ordering = ["assessment", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_measured(self) -> bool:
        return self.baseline_value is not None and self.result_value is not None


class ImpactAssessmentEvent(Event):
    assessment = models.ForeignKey(
        ImpactAssessment, on_delete=models.CASCADE, related_name="events"
    )

    subject_field = "assessment"

    class Meta(Event.Meta):
        verbose_name = _("impact assessment event")
        verbose_name_plural = _("impact assessment events")
        indexes = [models.Index(fields=["assessment", "created_at"], name="impact_event_timeline")]
