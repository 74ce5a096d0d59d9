"""The county's middle steps: the testing-need assessment, the test plan and the test report."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Screening(models.Model):
    """The testing-need assessment: fit with practice and strategy, staff and space to test,
    the unit, and the permits the test needs."""

    application = models.OneToOneField(
        "labs.Application", on_delete=models.CASCADE, related_name="screening"
    )
    fit_with_practice = models.TextField(_("fit with the unit's practice"), blank=True)
    fit_with_strategy = models.TextField(_("fit with the county's strategy"), blank=True)
    staff_available = models.TextField(_("staff available for the test"), blank=True)
    space_available = models.TextField(_("space and equipment available"), blank=True)
    unit = models.ForeignKey(
        "labs.TestEnvironment",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    permits = models.TextField(
        _("permits needed"), blank=True, help_text=_("A research permit, for example.")
    )
    summary = models.TextField(_("summary of the assessment"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(_("assessed"), null=True, blank=True)

    class Meta:
        verbose_name = _("testing-need assessment")
        verbose_name_plural = _("testing-need assessments")

    def __str__(self) -> str:
        return str(self.application)


class TestPlan(models.Model):
    __test__ = False

    application = models.OneToOneField(
        "labs.Application", on_delete=models.CASCADE, related_name="test_plan"
    )
    environments = models.ManyToManyField(
        "labs.TestEnvironment",
        verbose_name=_("test environments"),
        blank=True,
        related_name="test_plans",
    )
    starts_on = models.DateField(_("test starts"), null=True, blank=True)
    ends_on = models.DateField(_("test ends"), null=True, blank=True)
    # [{"role": "nurse", "count": 4}, ...]
    participants = models.JSONField(_("participants"), default=list, blank=True)
    methods = models.TextField(_("methods"), blank=True)
    permits = models.TextField(_("permits"), blank=True)
    agreement_date = models.DateField(_("agreement signed"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("test plan")
        verbose_name_plural = _("test plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on=None)
                | Q(ends_on=None)
                | Q(starts_on__lte=models.F("ends_on")),
                name="labs_plan_period",
            )
        ]

    def __str__(self) -> str:
        return str(self.application)


class SuccessCriterion(models.Model):
    """A measurable criterion of the plan: the report answers each one."""

    plan = models.ForeignKey(TestPlan, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("criterion"))
    measure = models.CharField(_("measure and target"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.description


class TestReport(models.Model):
    __test__ = False

    application = models.OneToOneField(
        "labs.Application", on_delete=models.CASCADE, related_name="test_report"
    )
    what_was_done = models.TextField(_("what was done"))
    unit_contact = models.CharField(
        _("contact at the unit"),
        max_length=200,
        blank=True,
        help_text=_("Who at the unit took part in writing the report."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("test report")
        verbose_name_plural = _("test reports")

    def __str__(self) -> str:
        return str(self.application)


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class CriterionResult(models.Model):
    report = models.ForeignKey(TestReport, on_delete=models.CASCADE, related_name="results")
    criterion = models.ForeignKey(
        SuccessCriterion, on_delete=models.CASCADE, related_name="results"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("result of a success criterion")
        verbose_name_plural = _("results of success criteria")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "criterion"], name="labs_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_outcome_display()}"
