"""The testing application: what the company tells about its product, the questions it must
answer before submitting, and the application's own event table and files."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labs.lifecycle import EDITABLE_STATES, FINAL_STATES, State
from popsote.core.models import Event


class RegulatoryStatus(models.TextChoices):
    NOT_MEDICAL_DEVICE = "not_medical_device", gettext_lazy("Not a medical device")
    MDR_I = "mdr_i", gettext_lazy("Medical device, MDR class I")
    MDR_IIA = "mdr_iia", gettext_lazy("Medical device, MDR class IIa")
    MDR_IIB = "mdr_iib", gettext_lazy("Medical device, MDR class IIb")
    MDR_III = "mdr_iii", gettext_lazy("Medical device, MDR class III")


class PersonalData(models.TextChoices):
    NONE = "none", gettext_lazy("No personal data")
    PERSONAL = "personal", gettext_lazy("Personal data")
    HEALTH = "health", gettext_lazy("Health data (special category)")


class NotApplicable(models.TextChoices):
    """The only reasons a question may be left unanswered: never a blank."""

    NOT_A_MEDICAL_DEVICE = (
        "not_a_medical_device",
        gettext_lazy("The product is not a medical device"),
    )
    NO_PERSONAL_DATA = "no_personal_data", gettext_lazy("The product processes no personal data")
    NOT_YET_AVAILABLE = "not_yet_available", gettext_lazy("Not yet available")
    NOT_RELEVANT = (
        "not_relevant_for_product_type",
        gettext_lazy("Not relevant for this type of product"),
    )
    LATER = "will_be_provided_later", gettext_lazy("Will be provided before the test")


@dataclass(frozen=True)
class Question:
    """One question of the application form. ``code`` is the field's name; a question that
    ``may_be_not_applicable`` is answered either with a value or with a reason from
    ``NotApplicable``; a ``required`` one must have a value before submitting."""

    code: str
    section: str
    required: bool = True
    may_be_not_applicable: bool = False


class Section(models.TextChoices):
    PRODUCT = "product", gettext_lazy("The product")
    EVIDENCE = "evidence", gettext_lazy("Benefit and evidence")
    REGULATION = "regulation", gettext_lazy("Regulatory status")
    DATA = "data", gettext_lazy("Data protection and security")
    QUALITY = "quality", gettext_lazy("Accessibility and interoperability")
    TEST = "test", gettext_lazy("The test")


# The one list of what the application asks: the form, the service and the API read it.
QUESTIONS: tuple[Question, ...] = (
    Question("product_name", Section.PRODUCT),
    Question("product_version", Section.PRODUCT),
    Question("summary", Section.PRODUCT),
    Question("intended_use", Section.PRODUCT),
    Question("target_users", Section.PRODUCT),
    Question("claimed_benefit", Section.EVIDENCE),
    Question("existing_evidence", Section.EVIDENCE, may_be_not_applicable=True),
    Question("trl", Section.EVIDENCE),
    Question("regulatory_status", Section.REGULATION),
    Question("ce_certificate", Section.REGULATION, may_be_not_applicable=True),
    Question("personal_data", Section.DATA),
    Question("data_storage", Section.DATA, may_be_not_applicable=True),
    Question("dpia", Section.DATA, may_be_not_applicable=True),
    Question("security_assessment", Section.DATA, may_be_not_applicable=True),
    Question("accessibility_conformance", Section.QUALITY, may_be_not_applicable=True),
    Question("interoperability", Section.QUALITY, may_be_not_applicable=True),
    Question("test_goal", Section.TEST),
    Question("success_measures", Section.TEST),
    Question("preferred_environments", Section.TEST, may_be_not_applicable=True),
    Question("timeline_start", Section.TEST, may_be_not_applicable=True),
    Question("timeline_end", Section.TEST, may_be_not_applicable=True),
    Question("timeline_notes", Section.TEST, required=False),
    Question("needs", Section.TEST, required=False),
)
QUESTIONS_BY_CODE = {question.code: question for question in QUESTIONS}
NOT_APPLICABLE_CODES = frozenset(q.code for q in QUESTIONS if q.may_be_not_applicable)
# The fields a company edits in a draft (everything a question asks, many-to-many included).
ANSWER_FIELDS = tuple(q.code for q in QUESTIONS)
MANY_TO_MANY_ANSWERS = frozenset({"preferred_environments", "needs"})


def clean_not_applicable(value) -> dict[str, str]:
    """The not-applicable answers as ``{question code: reason code}``, or ``ValidationError``:
    only questions that allow it, and only with a reason from the fixed list."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError(_("Not-applicable answers must map a question to a reason."))
    errors = {}
    cleaned = {}
    for code, reason in value.items():
        if code not in NOT_APPLICABLE_CODES:
            errors[code] = _("This question must be answered.")
        elif reason not in NotApplicable.values:
            errors[code] = _("Choose the reason why this question does not apply.")
        else:
            cleaned[code] = reason
    if errors:
        raise ValidationError(errors)
    return cleaned


class ApplicationQuerySet(models.QuerySet):
    def for_cards(self):
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related("company", "call")


class Application(models.Model):
    company = models.ForeignKey(
        "labs.Company",
        verbose_name=gettext_lazy("company"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        gettext_lazy("state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    # The product
    product_name = models.CharField(gettext_lazy("product name"), max_length=200, blank=True)
    product_version = models.CharField(gettext_lazy("product version"), max_length=60, blank=True)
    summary = models.TextField(gettext_lazy("what the product does"), blank=True)
    intended_use = models.TextField(gettext_lazy("intended use"), blank=True)
    target_users = models.TextField(gettext_lazy("target users"), blank=True)
    # Benefit and evidence
    claimed_benefit = models.TextField(gettext_lazy("claimed benefit"), blank=True)
    existing_evidence = models.TextField(gettext_lazy("existing evidence"), blank=True)
    trl = models.PositiveSmallIntegerField(
        gettext_lazy("technology readiness level (TRL 1–9)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    # Regulatory status
    regulatory_status = models.CharField(
        gettext_lazy("regulatory status"),
        max_length=24,
        choices=RegulatoryStatus.choices,
        blank=True,
    )
    ce_certificate = models.CharField(
        gettext_lazy("CE certificate (number and notified body)"), max_length=200, blank=True
    )
    # Data protection and security
    personal_data = models.CharField(
        gettext_lazy("personal data processed"),
        max_length=10,
        choices=PersonalData.choices,
        blank=True,
    )
    data_storage = models.TextField(gettext_lazy("where the data is stored"), blank=True)
    dpia = models.TextField(gettext_lazy("data protection impact assessment (DPIA)"), blank=True)
    security_assessment = models.TextField(
        gettext_lazy("information security self-assessment"), blank=True
    )
    # Accessibility and interoperability
    accessibility_conformance = models.TextField(
        gettext_lazy("accessibility conformance (WCAG)"), blank=True
    )
    interoperability = models.TextField(
        gettext_lazy("interoperability (standards used)"), blank=True
    )
    # The test
    test_goal = models.TextField(gettext_lazy("what is to be tested"), blank=True)
    success_measures = models.TextField(gettext_lazy("how success would show"), blank=True)
    preferred_environments = models.ManyToManyField(
        "labs.TestEnvironment",
        verbose_name=gettext_lazy("preferred test environments"),
        blank=True,
        related_name="preferred_by",
    )
    timeline_start = models.DateField(gettext_lazy("test could start"), null=True, blank=True)
    timeline_end = models.DateField(gettext_lazy("test should end by"), null=True, blank=True)
    timeline_notes = models.TextField(gettext_lazy("notes on the timeline"), blank=True)
    needs = models.ManyToManyField(
        "ideas.Suggestion",
        verbose_name=gettext_lazy("needs it answers"),
        blank=True,
        related_name="labs_applications",
    )
    call = models.ForeignKey(
        "labs.Call",
        verbose_name=gettext_lazy("call it answers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    not_applicable = models.JSONField(
        gettext_lazy("questions that do not apply"), default=dict, blank=True
    )
    submitted_at = models.DateTimeField(gettext_lazy("submitted"), null=True, blank=True)
    # The end of the company's right of reply to the shared draft evaluation.
    reply_due_at = models.DateTimeField(gettext_lazy("reply due"), null=True, blank=True)
    decided_at = models.DateTimeField(gettext_lazy("decided"), null=True, blank=True)
    created_at = models.DateTimeField(gettext_lazy("created"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("testing application")
        verbose_name_plural = gettext_lazy("testing applications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["company", "state"], name="labs_app_company_state"),
            models.Index(fields=["state", "submitted_at"], name="labs_app_state_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl=None) | Q(trl__gte=1, trl__lte=9), name="labs_app_trl_range"
            ),
            models.CheckConstraint(
                condition=Q(state=State.DRAFT) | ~Q(submitted_at=None),
                name="labs_app_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        product = self.product_name or _("untitled product")
        return f"{product} {self.product_version}".strip()

    def get_absolute_url(self) -> str:
        return reverse("labs:application", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def answer(self, code: str):
        if code in MANY_TO_MANY_ANSWERS:
            if self.pk is None:
                return []
            return list(getattr(self, code).all())
        return getattr(self, code)

    def missing_answers(self) -> list[str]:
        """The codes of the required questions that have neither an answer nor a reason why
        they do not apply, in the order of the form."""
        reasons = self.not_applicable or {}
        missing = []
        for question in QUESTIONS:
            if not question.required:
                continue
            value = self.answer(question.code)
            if value not in (None, "", []):
                continue
            if question.may_be_not_applicable and reasons.get(question.code):
                continue
            missing.append(question.code)
        return missing


class ApplicationEvent(Event):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")

    subject_field = "application"

    class Meta(Event.Meta):
        verbose_name = gettext_lazy("application event")
        verbose_name_plural = gettext_lazy("application events")
        indexes = [models.Index(fields=["application", "created_at"], name="labs_event_timeline")]


def attachment_path(instance, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"labs/{instance.application_id}/{instance.token}{instance.extension}"


class ApplicationAttachment(models.Model):
    """A file the company attached, checked by ``popsote.core.uploads``; served only to whoever
    may see the application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("application attachment")
        verbose_name_plural = gettext_lazy("application attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("labs:attachment", kwargs={"token": self.token})
