"""A listing of a labelled solution and its versions.

The public sees ``Listing.published``; a change is written in a new version held in
``Listing.pending`` while the published one stays, so what a resident reads is always a version
an editor has reviewed. Versions are never edited after review. Whether a published listing is
in the catalogue on a given day follows from its label (``ListingQuerySet.listed``), so an
expired or withdrawn label takes it out at once, with no job.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labs.models import Label
from popsote.core.models import Event
from showroom.lifecycle import State


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents and their relatives")
    PROFESSIONALS = "professionals", _("Professionals")


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")
    SE = "se", _("Sámi")
    OTHER = "other", _("Other languages")


class Platform(models.TextChoices):
    WEB = "web", _("Web browser")
    IOS = "ios", _("iPhone and iPad")
    ANDROID = "android", _("Android")
    DEVICE = "device", _("A device of its own")


class PriceModel(models.TextChoices):
    FREE = "free", _("Free of charge")
    ONE_OFF = "one_off", _("One-off price")
    SUBSCRIPTION = "subscription", _("Subscription")
    COUNTY_PAYS = "county_pays", _("Paid by the wellbeing services county")
    OTHER = "other", _("Other")


# Free for the person who uses it: what the "free of charge" filter reads.
FREE_PRICE_MODELS = frozenset({PriceModel.FREE, PriceModel.COUNTY_PAYS})


def validate_https(value: str) -> None:
    """Video links open in a resident's browser: https only, never another scheme."""
    URLValidator(schemes=["https"])(value)
    if not value.lower().startswith("https://"):
        raise ValidationError(_("Give an https:// address."), code="https_only")


class ListingQuerySet(models.QuerySet):
    def listed(self, today: datetime.date | None = None):
        """The publishing rule: published, with a published version, and the label valid on
        ``today`` (the local date by default). The catalogue, search, the API and the front
        page read through this and nothing else."""
        today = today or timezone.localdate()
        return self.filter(
            state=State.PUBLISHED,
            published__isnull=False,
            label__in=Label.objects.valid(today).values("pk"),
        )

    def public_page(self):
        """Listings whose own page anyone may open (what it says depends on the label)."""
        return self.filter(state__in=[State.PUBLISHED, State.ARCHIVED], published__isnull=False)


class Listing(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    company = models.ForeignKey(
        "labs.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="showroom_listings",
    )
    label = models.ForeignKey(
        "labs.Label",
        verbose_name=_("label"),
        on_delete=models.PROTECT,
        related_name="showroom_listings",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    published = models.ForeignKey(
        "showroom.ListingVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pending = models.ForeignKey(
        "showroom.ListingVersion",
        verbose_name=_("version being written or reviewed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_reason = models.TextField(_("reason for archiving (public)"), blank=True)
    # From the published version only: search never finds what the public cannot read.
    search_vector = SearchVectorField(null=True, editable=False)
    # Null until the lemmatized vector is stored; a periodic job indexes what was missed.
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("showroom listing")
        verbose_name_plural = _("showroom listings")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["label", "-published_at", "-id"],
                condition=Q(state=State.PUBLISHED),
                name="showroom_listing_published",
            ),
            models.Index(fields=["company", "state"], name="showroom_listing_company"),
            models.Index(
                fields=["updated_at"],
                condition=Q(state=State.IN_REVIEW),
                name="showroom_listing_review",
            ),
            GinIndex(fields=["search_vector"], name="showroom_listing_search"),
            models.Index(
                fields=["id"],
                condition=Q(indexed_at=None, published__isnull=False),
                name="showroom_listing_not_indexed",
            ),
        ]

    def __str__(self) -> str:
        version = self.published or self.pending
        return version.name if version else self.slug

    def get_absolute_url(self) -> str:
        return reverse("showroom:detail", kwargs={"slug": self.slug})

    def is_listed(self, today: datetime.date | None = None) -> bool:
        """The publishing rule for one listing in Python (``ListingQuerySet.listed`` in SQL)."""
        return (
            self.state == State.PUBLISHED
            and self.published_id is not None
            and self.label.is_valid(today)
        )

    @property
    def change_in_review(self) -> bool:
        """A published listing whose pending change waits for an editor."""
        pending = self.pending
        return (
            self.state == State.PUBLISHED
            and pending is not None
            and pending.submitted_at is not None
            and pending.reviewed_at is None
        )


# What a version must hold before it is submitted: what a professional needs to recommend it.
REQUIRED_FIELDS = (
    "name",
    "audience",
    "summary",
    "description",
    "languages",
    "platforms",
    "price_model",
    "cost_to_person",
    "how_to_get",
)
# Fields compared when an editor reviews a change (the review page's diff).
CONTENT_FIELDS = (
    "name",
    "audience",
    "summary",
    "description",
    "languages",
    "platforms",
    "price_model",
    "cost_to_person",
    "how_to_get",
    "in_use_at",
    "accessibility_notes",
    "video_url",
)


def _choices_array(choices, verbose_name):
    return ArrayField(
        models.CharField(max_length=20, choices=choices),
        verbose_name=verbose_name,
        default=list,
        blank=True,
    )


class ListingVersion(models.Model):
    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    name = models.CharField(_("name of the solution"), max_length=120)
    audience = _choices_array(Audience.choices, _("for whom"))
    categories = models.ManyToManyField(
        "showroom.Category", verbose_name=_("categories"), related_name="versions", blank=True
    )
    summary = models.CharField(
        _("who it is for and what it does"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences in plain language."),
    )
    description = models.TextField(_("description"), max_length=6000, blank=True)
    languages = _choices_array(Language.choices, _("languages"))
    platforms = _choices_array(Platform.choices, _("platforms"))
    price_model = models.CharField(
        _("price model"), max_length=20, choices=PriceModel.choices, blank=True
    )
    cost_to_person = models.CharField(
        _("what it costs the person"),
        max_length=300,
        blank=True,
        help_text=_("For example “free for home-care clients”."),
    )
    how_to_get = models.TextField(_("how to get it in this county"), max_length=2000, blank=True)
    in_use_at = models.TextField(_("where it is already in use"), max_length=2000, blank=True)
    accessibility_notes = models.TextField(_("accessibility"), max_length=2000, blank=True)
    video_url = models.URLField(
        _("video (https address)"), max_length=500, blank=True, validators=[validate_https]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("editor's message"), blank=True)

    class Meta:
        verbose_name = _("listing version")
        verbose_name_plural = _("listing versions")
        ordering = ["listing", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "number"], name="showroom_version_number_once"
            )
        ]
        indexes = [
            GinIndex(fields=["audience"], name="showroom_version_audience"),
            GinIndex(fields=["languages"], name="showroom_version_languages"),
            GinIndex(fields=["platforms"], name="showroom_version_platforms"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def is_editable(self) -> bool:
        """A version is written until it is submitted, and after a return; never once
        reviewed and published."""
        return self.submitted_at is None

    def missing_fields(self, *, category_count: int | None = None) -> list[str]:
        """The required fields still empty, in form order (categories counted in SQL unless
        given)."""
        missing = [field for field in REQUIRED_FIELDS if not getattr(self, field)]
        if category_count is None:
            category_count = self.categories.count() if self.pk else 0
        if not category_count:
            missing.append("categories")
        return missing


def image_path(instance, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"showroom/{instance.token}{instance.extension}"


class ListingImage(models.Model):
    """A picture of a version, re-encoded by ``popsote.core.uploads``. Copying a version copies
    the rows, which point at the same stored file."""

    version = models.ForeignKey(
        ListingVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="images"
    )
    token = models.CharField(max_length=32)
    file = models.FileField(upload_to=image_path, max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    alt_text = models.CharField(
        _("what the picture shows"),
        max_length=250,
        help_text=_("Read aloud to people who cannot see the picture."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("listing image")
        verbose_name_plural = _("listing images")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="showroom_image_has_alt")
        ]

    def __str__(self) -> str:
        return self.alt_text


class ListingEvent(Event):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="events")

    subject_field = "listing"

    class Meta(Event.Meta):
        verbose_name = _("listing event")
        verbose_name_plural = _("listing events")
        indexes = [models.Index(fields=["listing", "created_at"], name="showroom_event_timeline")]
