"""The OuluHealth Labs label: its levels as configurable rules, and each granted label with a
public code. A label's status is computed from its dates, in SQL for lists, so that expiry
needs no job to be correct."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from popsote.taxonomy.models import LABEL_LANGUAGES, Term

# No 0/O or 1/I: a code read aloud or typed from print stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "OHL"


def new_label_code() -> str:
    """``OHL-XXXX-XXXX``: 32⁸ ≈ 10¹² codes, drawn by ``secrets`` so none can be guessed."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{CODE_PREFIX}-{chars[:4]}-{chars[4:]}"


def normalise_label_code(code: str) -> str:
    return (code or "").strip().upper()


class Level(models.TextChoices):
    APPROVED = "approved", _("Approved")
    TESTED = "tested", _("Tested")
    CO_CREATED = "co_created", _("Co-created")


class LabelStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Superseded by a newer version")


class LabelRule(Term):
    """What a level demands. ``code`` is the level (``approved``, ``tested``, ``co_created``);
    the working rule of the design is seeded by a migration and stays editable by labs staff:
    Approved = documentation and expert evaluation passed; Tested = also passed a field test in
    a real environment (a test report exists); Co-created = tested, and developed together with
    the county's staff or residents (linked to suggestions or a call)."""

    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    requires_field_test = models.BooleanField(_("requires a field test"), default=False)
    requires_co_creation = models.BooleanField(
        _("requires co-creation (linked needs or a call)"), default=False
    )

    class Meta(Term.Meta):
        verbose_name = _("label rule")
        verbose_name_plural = _("label rules")

    @property
    def description(self) -> str:
        language = (get_language() or "fi")[:2]
        if language not in LABEL_LANGUAGES:
            language = "fi"
        return getattr(self, f"description_{language}") or self.description_fi


def label_valid_until(granted_on: datetime.date, years: int | None = None) -> datetime.date:
    """``granted_on`` plus ``LABS_LABEL_YEARS`` years; a label granted on 29 February runs to
    28 February."""
    years = settings.LABS_LABEL_YEARS if years is None else years
    try:
        return granted_on.replace(year=granted_on.year + years)
    except ValueError:
        return granted_on.replace(year=granted_on.year + years, day=28)


def status_expression(today: datetime.date):
    """The status in SQL, in order of precedence: withdrawn > superseded > expired > valid.
    Valid through ``valid_until`` itself."""
    return Case(
        When(withdrawn_at__isnull=False, then=Value(LabelStatus.WITHDRAWN.value)),
        When(superseded_by__isnull=False, then=Value(LabelStatus.SUPERSEDED.value)),
        When(valid_until__lt=today, then=Value(LabelStatus.EXPIRED.value)),
        default=Value(LabelStatus.VALID.value),
        output_field=CharField(),
    )


class LabelQuerySet(models.QuerySet):
    def with_status(self, today: datetime.date | None = None):
        """Each label annotated with ``status`` as of ``today`` (the local date by default)."""
        return self.annotate(status=status_expression(today or timezone.localdate()))

    def valid(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(withdrawn_at=None, superseded_by=None, valid_until__gte=today)

    def status(self, status: str, today: datetime.date | None = None):
        return self.with_status(today).filter(status=status)

    def for_register(self):
        return self.select_related("company", "application")


class Label(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    application = models.ForeignKey(
        "labs.Application", on_delete=models.PROTECT, related_name="labels"
    )
    company = models.ForeignKey("labs.Company", on_delete=models.PROTECT, related_name="labels")
    # Copied at grant: the label is bound to the version that was evaluated.
    product_name = models.CharField(_("product"), max_length=200)
    product_version = models.CharField(_("version"), max_length=60)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    granted_on = models.DateField(_("granted"))
    valid_until = models.DateField(_("valid until"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal (public)"), blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["-granted_on", "-id"]
        indexes = [
            models.Index(fields=["company", "product_name"], name="labs_label_product"),
            models.Index(fields=["valid_until"], name="labs_label_valid_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("granted_on")), name="labs_label_period"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at=None) | ~Q(withdrawn_reason=""),
                name="labs_label_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("labs:label", kwargs={"code": self.code})

    def status_on(self, today: datetime.date | None = None) -> str:
        """The same rule as ``status_expression``, for one label in Python."""
        if self.withdrawn_at is not None:
            return LabelStatus.WITHDRAWN
        if self.superseded_by_id is not None:
            return LabelStatus.SUPERSEDED
        if (today or timezone.localdate()) > self.valid_until:
            return LabelStatus.EXPIRED
        return LabelStatus.VALID

    @property
    def current_status(self) -> str:
        """The annotated status when the row came through ``with_status``, else today's."""
        return self.__dict__.get("status") or self.status_on()

    def is_valid(self, today: datetime.date | None = None) -> bool:
        return self.status_on(today) == LabelStatus.VALID
