"""Group members' evaluations of a suggestion: one per member, a score per criterion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ideas.models.suggestion import Suggestion

# Each criterion is scored from the weakest to the strongest.
SCORES = range(1, 6)


def score_field(criterion) -> str:
    """The form field (and ``ValidationError`` key) of one criterion: ``score_<code>``."""
    return f"score_{criterion.code}"


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
