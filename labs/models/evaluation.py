"""The evaluation protocol as data (domains and criteria, edited by labs staff in the admin) and
each evaluator's scores, every one with its evidence and where that evidence comes from."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from popsote.taxonomy.models import Term


class EvaluationDomain(Term):
    """A Digi-HTA-like domain (effectiveness, safety, ...) that groups criteria."""

    class Meta(Term.Meta):
        verbose_name = _("evaluation domain")
        verbose_name_plural = _("evaluation domains")


class EvaluationCriterion(Term):
    """One thing evaluators score 0–5; retired with ``is_active`` so old scores keep it."""

    domain = models.ForeignKey(
        EvaluationDomain,
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="criteria",
    )

    class Meta(Term.Meta):
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["domain__position", "position", "code"]


class Recommendation(models.TextChoices):
    APPROVED = "approved", _("Label: Approved")
    TESTED = "tested", _("Label: Tested")
    CO_CREATED = "co_created", _("Label: Co-created")
    NO_LABEL = "no_label", _("No label")


class Evaluation(models.Model):
    """One evaluator's evaluation of one application. No score before the evaluator has
    declared that they have no conflict of interest."""

    application = models.ForeignKey(
        "labs.Application", on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="labs_evaluations",
    )
    conflict_declared_at = models.DateTimeField(_("no conflict declared"), null=True, blank=True)
    conflict_statement = models.TextField(_("declaration of interests"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField(_("summary (public)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="labs_evaluation_once"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at=None) | ~Q(conflict_declared_at=None),
                name="labs_evaluation_declared_before_submit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.evaluator}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Provenance(models.TextChoices):
    VERIFIED = "verified_in_test", _("Verified in the test")
    DOCUMENTED = "documented_by_company", _("Documented by the company")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.PROTECT, related_name="labs_scores"
    )
    score = models.PositiveSmallIntegerField(
        _("score (0–5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    evidence = models.TextField(_("evidence"), blank=True)
    provenance = models.CharField(_("provenance"), max_length=24, choices=Provenance.choices)
    not_assessed_reason = models.TextField(_("why not assessed"), blank=True)

    class Meta:
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        ordering = ["criterion__domain__position", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="labs_score_once"),
            models.CheckConstraint(
                condition=Q(score=None) | Q(score__lte=5), name="labs_score_range"
            ),
            # A criterion not assessed says why and carries no score; an assessed one has one.
            models.CheckConstraint(
                condition=(Q(provenance="not_assessed", score=None) & ~Q(not_assessed_reason=""))
                | (~Q(provenance="not_assessed") & ~Q(score=None)),
                name="labs_score_provenance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
