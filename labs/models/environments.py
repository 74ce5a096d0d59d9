"""Units of the county that can host a test: public, managed by labs staff in the admin."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TestEnvironmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_cards(self):
        return self.select_related("area", "service_area")


class TestEnvironment(models.Model):
    # Not a test case: keeps pytest from collecting the class when a test module imports it.
    __test__ = False

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    area = models.ForeignKey(
        "taxonomy.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    service_area = models.ForeignKey(
        "taxonomy.ServiceArea",
        verbose_name=_("service area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    capabilities = models.TextField(
        _("capabilities"), blank=True, help_text=_("What can be tested here, one item a line.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("concurrent tests"), default=1, validators=[MinValueValidator(1)]
    )
    availability = models.TextField(_("availability"), blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = TestEnvironmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("test environment")
        verbose_name_plural = _("test environments")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="labs_environment_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(available_from=None)
                | Q(available_until=None)
                | Q(available_from__lte=models.F("available_until")),
                name="labs_environment_available_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("labs:index") + f"#environment-{self.slug}"

    @property
    def capability_list(self) -> list[str]:
        return [line.strip() for line in self.capabilities.splitlines() if line.strip()]
