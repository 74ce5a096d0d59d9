"""Companies that apply for testing, identified by their Finnish business ID (Y-tunnus)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus


def normalise_business_id(value: str) -> str:
    """``1234567-8`` from what a person typed (spaces, no dash, a leading ``FI``), or
    ``ValidationError`` when the checksum or the form is wrong."""
    raw = (value or "").strip().upper().replace(" ", "")
    if raw.startswith("FI"):
        raw = raw[2:]
    try:
        return ytunnus.format(ytunnus.validate(raw))
    except StdnumError as error:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid Finnish business ID (Y-tunnus): it has seven "
                "digits, a dash and a check digit, e.g. 0112038-9."
            )
            % {"value": value},
            code="invalid_business_id",
        ) from error


def validate_business_id(value: str) -> None:
    normalise_business_id(value)


class Company(models.Model):
    name = models.CharField(gettext_lazy("name"), max_length=200)
    business_id = models.CharField(
        gettext_lazy("business ID (Y-tunnus)"),
        max_length=9,
        unique=True,
        validators=[validate_business_id],
    )
    website = models.URLField(gettext_lazy("website"), blank=True)
    created_at = models.DateTimeField(gettext_lazy("created"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("company")
        verbose_name_plural = gettext_lazy("companies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})"

    def save(self, *args, **kwargs):
        # Stored one way only, so uniqueness holds however the ID was typed.
        self.business_id = normalise_business_id(self.business_id)
        super().save(*args, **kwargs)


class Representative(models.Model):
    """A person who acts for a company. Kept simple: one company per person."""

    company = models.ForeignKey(
        Company,
        verbose_name=gettext_lazy("company"),
        on_delete=models.CASCADE,
        related_name="representatives",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("person"),
        on_delete=models.CASCADE,
        related_name="labs_representative",
    )
    joined_at = models.DateTimeField(gettext_lazy("joined"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("company representative")
        verbose_name_plural = gettext_lazy("company representatives")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="labs_representative_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.company.name}"
